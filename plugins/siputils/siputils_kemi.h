#pragma once
// KSR.siputils.* (Kamailio 5.6's 29 exports) and the module state they
// read; module.cpp lists them.

#include "core/module_abi.h"
#include "options_reply.h"

namespace kemid {
class ModuleHost;
}

namespace kemid::siputils {

class SiputilsState : public ModuleState {
 public:
  SiputilsState(ModuleHost& host, OptionsSettings options, char contactSeparator)
      : host_(host), options_(std::move(options)), contactSeparator_(contactSeparator) {}
  ModuleHost& host() const { return host_; }
  const OptionsSettings& options() const { return options_; }
  // The first character of modparam contact_flds_separator.
  char contactSeparator() const { return contactSeparator_; }

 private:
  ModuleHost& host_;  // to find sl when replying
  OptionsSettings options_;
  char contactSeparator_;
};

// Message checks.
KemiValue kemiHasTotag(KemiCall& call);
KemiValue kemiIsRequest(KemiCall& call);
KemiValue kemiIsReply(KemiCall& call);
KemiValue kemiIsFirstHop(KemiCall& call);
KemiValue kemiIsFirstHopMode(KemiCall& call);
KemiValue kemiIsUser(KemiCall& call);
KemiValue kemiIsGruu(KemiCall& call);
KemiValue kemiHdrDateCheck(KemiCall& call);

// R-URI parameters.
KemiValue kemiUriParam(KemiCall& call);
KemiValue kemiUriParamValue(KemiCall& call);
KemiValue kemiUriParamAny(KemiCall& call);
KemiValue kemiUriParamRm(KemiCall& call);
KemiValue kemiAddUriParam(KemiCall& call);

// Strings.
KemiValue kemiIsUri(KemiCall& call);
KemiValue kemiIsTelNumber(KemiCall& call);
KemiValue kemiIsNumeric(KemiCall& call);
KemiValue kemiIsAlphanum(KemiCall& call);
KemiValue kemiIsAlphanumex(KemiCall& call);
KemiValue kemiCmpUri(KemiCall& call);
KemiValue kemiCmpAor(KemiCall& call);
KemiValue kemiCmpHdrName(KemiCall& call);

KemiValue kemiOptionsReply(KemiCall& call);

// A Contact URI carried in a parameter (contact_params.h).
KemiValue kemiContactParamEncode(KemiCall& call);      // contact_param_encode(name, saddr)
KemiValue kemiContactParamDecode(KemiCall& call);      // contact_param_decode(name)
KemiValue kemiContactParamDecodeRuri(KemiCall& call);  // contact_param_decode_ruri(name)
KemiValue kemiContactParamRm(KemiCall& call);          // contact_param_rm(name)

// A contact folded into a user part (contact_encoding.h).
KemiValue kemiEncodeContact(KemiCall& call);        // encode_contact(prefix, address)
KemiValue kemiDecodeContact(KemiCall& call);        // decode_contact(): the R-URI
KemiValue kemiDecodeContactHeader(KemiCall& call);  // decode_contact_header()

}  // namespace kemid::siputils
