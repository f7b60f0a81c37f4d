//! MOSIP error codes and the single business error type of the domain.
//!
//! Codes and messages are the wire contract: MOSIP clients branch on `errorCode` and show `message`.
//! Our own codes (registration, OTP, approval — flows MOSIP delegates to Keycloak or lacks) use the
//! `PMS_REG_`, `PMS_OTP_` and `PMS_ONB_` prefixes so they can never collide with MOSIP's.

use std::fmt;

/// One entry of the error catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub message: &'static str,
}

/// A business error: returned to API clients in the `errors` array of the envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PmsError {
    pub code: &'static str,
    pub message: String,
    /// The input at fault, when there is one: forms place the error by it.
    pub field: Option<FieldError>,
}

/// Which input broke which rule, so that a form can say it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub name: String,
    pub rule: FieldRule,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldRule {
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    /// Anything else; the message says what.
    Invalid,
}

impl Code {
    pub fn err(self) -> PmsError {
        PmsError::new(self.code, self.message.to_string())
    }

    /// MOSIP appends a value to some messages (`Policy group exists with name :Banking`).
    pub fn with(self, detail: impl fmt::Display) -> PmsError {
        PmsError::new(self.code, format!("{}{}", self.message, detail))
    }

    /// Fills `%s` / `%d` placeholders in order (`Invalid sort field %s`).
    pub fn fill(self, args: &[&dyn fmt::Display]) -> PmsError {
        let mut out = String::with_capacity(self.message.len() + 16);
        let mut args = args.iter();
        let mut rest = self.message;
        while let Some(pos) = rest.find('%') {
            let (head, tail) = rest.split_at(pos);
            out.push_str(head);
            let is_placeholder = matches!(tail.get(..2), Some("%s" | "%d"));
            match is_placeholder.then(|| args.next()).flatten() {
                Some(arg) => {
                    out.push_str(&arg.to_string());
                    rest = &tail[2..];
                }
                None => {
                    out.push('%');
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        PmsError::new(self.code, out)
    }
}

impl PmsError {
    fn new(code: &'static str, message: String) -> PmsError {
        PmsError { code, message, field: None }
    }

    /// Bean-validation style failure, as MOSIP reports it: `Invalid request parameter - <why> :<field>`.
    pub fn invalid_field(field: &str, why: &str) -> PmsError {
        PmsError::field_rule(field, why, FieldRule::Invalid)
    }

    /// An error whose code comes from another catalogue (keymanager's `KER-PCM-*` of the
    /// certificate rules).
    pub fn coded(code: &'static str, message: impl Into<String>) -> PmsError {
        PmsError::new(code, message.into())
    }

    /// A bean-validation failure for a rule a form words itself (required, too long).
    pub fn field_rule(field: &str, why: &str, rule: FieldRule) -> PmsError {
        let message = format!("Invalid request parameter - {why} :{field}");
        PmsError::new(MISSING_INPUT.code, message).on(field, rule)
    }

    /// Ties an error to the input at fault (`PMS_REG_004` to the username, …).
    pub fn on(mut self, field: &str, rule: FieldRule) -> PmsError {
        self.field = Some(FieldError { name: field.to_string(), rule });
        self
    }
}

/// Every error one input has, in the order its checks ran, so a form can report all of them at once
/// while the API keeps MOSIP's one-error envelope (the first, which is what checking in that order and
/// stopping at the first failure would have given).
#[derive(Debug, Default)]
pub struct Checks(Vec<PmsError>);

impl Checks {
    /// The value, or `None` with its error kept.
    pub fn keep<T>(&mut self, result: Result<T, PmsError>) -> Option<T> {
        result.map_err(|e| self.fail(e)).ok()
    }

    /// Keeps an error, unless one for the same field is already there (the first says it).
    pub fn fail(&mut self, e: PmsError) {
        let field = e.field.as_ref().map(|f| f.name.as_str());
        let repeated = field.is_some() && self.0.iter().any(|k| k.field.as_ref().map(|f| f.name.as_str()) == field);
        if !repeated {
            self.0.push(e);
        }
    }

    pub fn is_clean(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok` when every check passed.
    pub fn finish(self) -> Result<(), Invalid> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Invalid(self.0))
        }
    }
}

/// The errors of an input that failed checks: never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(Vec<PmsError>);

impl Invalid {
    /// The error the API reports.
    pub fn first(&self) -> &PmsError {
        &self.0[0]
    }

    pub fn all(&self) -> &[PmsError] {
        &self.0
    }
}

impl From<PmsError> for Invalid {
    fn from(e: PmsError) -> Invalid {
        Invalid(vec![e])
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.first().fmt(f)
    }
}

impl fmt::Display for PmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for PmsError {}

macro_rules! catalogue {
    ($($name:ident = $code:literal, $msg:literal;)*) => {
        $(pub const $name: Code = Code { code: $code, message: $msg };)*
        /// Every code of the catalogue, for documentation and tests.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

catalogue! {
    // --- cross-cutting
    MISSING_INPUT = "PMS_COR_001", "Missing Input Parameter";
    INVALID_INPUT = "PMS_COR_002", "Invalid Input Parameter - ";
    UNPROCESSABLE = "PMS_COR_003", "Could not process the request";
    AUTH_FAILED = "KER-ATH-401", "Authentication Failed";
    ACCESS_DENIED = "KER-ATH-403", "Forbidden";
    REQUEST_INVALID = "PMS_REQUEST_ERROR_001", "Invalid request.";
    REQUEST_ID_INVALID = "PMS_REQUEST_ERROR_002", "Invalid Request Id";
    REQUEST_VERSION_INVALID = "PMS_REQUEST_ERROR_003", "Request version is invalid";
    REQUEST_TIME_INVALID = "PMS_REQUEST_ERROR_004", "Invalid request time";
    REQUEST_BODY_INVALID = "PMS_REQUEST_ERROR_005", "Request body is invalid";
    REQUEST_DATE_NOT_TODAY = "PMS_REQUEST_ERROR_006", "Request date should be current date";

    // --- legacy search / filter values
    SEARCH_INVALID_COLUMN = "PMS-MSD-310", "Invalid column received : %s";
    SEARCH_COLUMN_MISSING = "PMS-MSD-311", "Column is missing in request";
    SEARCH_FILTER_TYPE_MISSING = "PMS-MSD-312", "Filter type is missing";
    SEARCH_INVALID_PAGINATION = "PMS-MSD-313", "Invalid pagination value received pagestart:%d and pagefetch:%d";
    SEARCH_SORT_MISSING = "PMS-MSD-314", "Missing sort field or sort type values";
    SEARCH_INVALID_RANGE = "PMS-MSD-315", "Invalid fromValue or toValue";
    SEARCH_INVALID_VALUE = "PMS-MSD-316", "Invalid value present for the given column";
    SEARCH_FILTER_TYPE_UNSUPPORTED = "PMS-MSD-318", "Column %s doesn't support filter type %s";
    SEARCH_FILTER_VALUE_TYPE_UNSUPPORTED = "PMS-MSD-324", "Received Filter Type not supported";
    SEARCH_PAGINATION_NULL = "PMS-MSD-356", "Pagination cannot be null";
    SEARCH_INVALID_SORT_FIELD = "PMS-MSD-357", "Invalid sort field %s";
    SEARCH_INVALID_SORT_TYPE = "PMS-MSD-358", "Sort type %s is not supported";
    SEARCH_INVALID_FILTER_VALUE = "PMS-MSD-390", "Invalid filter value";
    SEARCH_VALUE_AND_VALUES = "PMS-MSD-392", "Both value and values cannot be present";

    // --- revamp list parameters
    LIST_PAGINATION_PAIR = "PMS_PS_ERROR_006", "Invalid pagination request: 'pageNo' and 'pageSize' must be specified together.";
    LIST_SORT_PAIR = "PMS_PS_ERROR_007", "Invalid Sorting request: 'sortType' and 'sortFieldName' must be specified together.";
    LIST_SORT_NEEDS_PAGE = "PMS_PS_ERROR_008", "Please provide pagination parameters ('pageNo' and 'pageSize') when requesting sorted data.";
    LIST_INVALID_SORT_FIELD = "PMS_PRT_357", "Invalid sort field %s";
    LIST_INVALID_SORT_TYPE = "PMS_PRT_358", "Sort type %s is not supported";
    LIST_INVALID_PAGE_NO = "PMS_PRT_360", "Invalid Page No";
    LIST_INVALID_PAGE_SIZE = "PMS_PRT_361", "Invalid page size";

    // --- policy service
    POLICY_NAME_EXISTS = "PMS_POL_009", "Auth policy exists with name : ";
    POLICY_ID_NOT_FOUND = "PMS_POL_008", "Policy ID does not exist";
    POLICY_GROUP_NAME_EXISTS = "PMS_POL_014", "Policy group exists with name : ";
    POLICY_NOT_IN_GROUP = "PMS_POL_015", "Policy group and policy not mapped.";
    POLICY_GROUP_ID_NOT_FOUND = "PMS_POL_016", "Policy Group ID does not exist";
    POLICY_NOT_FOR_PARTNER = "PMS_POL_017", "No policy available for given partner";
    POLICY_GROUP_NAME_NOT_FOUND = "PMS_POL_019", "Policy group name does not exist";
    POLICY_ALREADY_PUBLISHED = "PMS_POL_020", "Can not publish the published policy";
    POLICY_TYPE_NOT_ALLOWED = "PMS_POL_023", "Given policy type is not allowed";
    POLICY_STATUS_INVALID = "PMS_POL_045", "Policy Status either Active or De-active.";
    POLICY_SCHEMA_MISMATCH = "PMS_POL_051", "Policy Schema and policy are not matching";
    POLICY_JSON_UNPARSABLE = "PMS_POL_052", "Error occured while parsing policy string to json object";
    POLICY_GROUP_INACTIVE = "PMS_POL_053", "Policy group is not active.";
    POLICY_ACTIVATE_UNPUBLISHED = "PMS_POL_054", "Cannot activate unpublished policy.";
    POLICY_PUBLISHED_NO_UPDATE = "PMS_POL_055", "Published policy cannot be updated.";
    GROUP_HAS_ACTIVE_POLICIES = "PMS_POL_056", "Active policies exists under the policy group.";
    POLICY_HAS_ACTIVE_KEYS = "PMS_POL_057", "Active apiKey exists under the policy.";
    POLICY_PUBLISHED_NO_STATUS_CHANGE = "PMS_POL_058", "Status cannot be changed for published policy.";
    NO_ACTIVE_POLICY_GROUPS = "PMS_POL_059", "There are no active policy groups.";
    POLICY_ALREADY_DEACTIVATED = "PMS_POL_062", "The policy has already been deactivated.";
    POLICY_HAS_APPROVED_REQUEST = "PMS_POL_063", "An approved partner policy request is associated with this policy.";
    POLICY_HAS_PENDING_REQUEST = "PMS_POL_064", "A pending partner policy request is associated with this policy.";
    POLICY_NOT_FOUND = "PMS_POL_065", "The specified policy does not exist.";
    GROUP_ALREADY_DEACTIVATED = "PMS_POL_067", "The policy group has already been deactivated";
    GROUP_NOT_FOUND = "PMS_POL_068", "The specified policy group does not exist";
    GROUP_HAS_ACTIVE_AND_DRAFT_POLICIES = "PMS_POL_069", "Active or draft policies are associated with the policy group";
    GROUP_HAS_DRAFT_POLICIES = "PMS_POL_070", "Draft policies exists under the policy group.";
    POLICY_NOT_ACTIVATED = "PMS_POL_072", "The selected policy is not in activated status";
    STATUS_MUST_BE_DEACTIVATE = "PMS_POL_073", "Request status should be De-Activate";
    CONFIG_KEY_NOT_EXPOSED = "PMS_POL_074", "The requested configuration key is not available.";

    // --- policy document validation
    PV_SCHEMA_UNREADABLE = "PMS_PV_001", "Failed to read schema";
    PV_VALIDATION_FAILED = "PMS_PV_002", "Policy Object validation failed";
    PV_UNPARSABLE = "PMS_PV_003", "Failed to parse/convert policy Object";
    PV_INVALID_PARAMETER = "PMS_PV_005", "Invalid input parameter - %s in policy data";
    PV_MISSING_PARAMETER = "PMS_PV_006", "Missing input parameter - %s in policy data";
    PV_FORMAT = "PMS_PV_007", "Format Error: Expected format is %s.";
    PV_EMPTY_ARRAY = "PMS_PV_008", "Empty array is not allowed in %s.";
    PV_EMPTY_STRING = "PMS_PV_009", "Empty string is not allowed in %s.";

    // --- partner service
    PARTNER_GROUP_NOT_FOUND = "PMS_PRT_002", "Policy group does not exist";
    PARTNER_NOT_FOUND = "PMS_PRT_005", "Partner does not exist";
    PARTNER_TYPE_NOT_FOUND = "PMS_PRT_010", "Partner Type does not exist";
    EMAIL_EXISTS = "PMS_PRT_011", "Email is already exists.";
    EMAIL_INVALID = "PMS_PRT_012", "Invalid emailId.";
    PHONE_INVALID = "PMS_PRT_013", "Invalid mobile number.Length should be less than ";
    PARTNER_GROUP_NOT_ACTIVE_FOR_UPDATE = "PMS_PRT_050", "Policy group cannot be updated for approved partner";
    PARTNER_ID_EXISTS = "PMS_PRT_051", "A Partner is already registered with the same Id";
    PARTNER_ID_TOO_LONG = "PMS_PRT_052", "PartnerId max length should be ";
    PARTNER_GROUP_NOT_REQUIRED = "PMS_PRT_048", "policy group mapping is not required for given partner";
    USER_NOT_AUTHORIZED = "PMS_PRT_055", "User not authorized.";
    LANG_NOT_SUPPORTED = "PMS_PRT_056", "Given langCode is not supported";
    PARTNER_ID_HAS_SPACES = "PMS_PRT_066", "PartnerId should not have any spaces";
    JSON_NOT_VALID = "PMS_PRT_096", "Json is not valid";
    POLICY_GROUP_MANDATORY = "PMS_PRT_108", "Policy group is Mandatory for ";
    CERTIFICATE_NOT_UPLOADED = "PMS_PRT_108", "Certficate is not uploaded for the given partner.Cannot activate the same.";
    PARTNER_NOT_ACTIVE = "PMS_PMP_016", "Partner is not active.";
    PARTNER_ID_NOT_FOUND = "PMS_PMP_005", "Partner ID does not exist";
    NO_PARTNERS = "PMS_PMP_013", "Partner does not exist";
    GROUP_NOT_ACTIVE = "PMS_PMP_023", "Policy group is not active.";
    PARTNER_ALREADY_DEACTIVATED = "PMS_PM_063", "The selected partner has already been deactivated.";
    PARTNER_STATUS_INVALID = "PMS_PM_058", "Status should be either Active or De-Active";
    USER_OWNS_NO_PARTNER = "PMS_CERTIFICATE_ERROR_002", "User Id does not exists.";
    // --- policy requests and API keys
    REQUEST_NOT_FOUND = "PMS_PMP_007", "Partner api key does not exist";
    REQUEST_ALREADY_APPROVED = "PMS_PM_034", "Policy request already approved.";
    REQUEST_ALREADY_REJECTED = "PMS_PM_035", "Policy request already rejected.";
    REQUEST_STATUS_INVALID = "PMS_PM_045", "Status should be either Approved or Rejected";
    REQUEST_PENDING_EXISTS = "PMS_PRT_053", "This policy is already pending for approval against your partner ID.";
    REQUEST_APPROVED_EXISTS = "PMS_PRT_060", "This policy has already been approved against your partner ID.";
    REQUEST_NONE = "PMS_PRT_006", "No api key req exist";
    REQUEST_POLICY_NOT_FOUND = "PMS_PRT_073", "Policy not exists.";
    REQUEST_POLICY_OTHER_GROUP = "PMS_PRT_098", "Given policy doesn't exists under partner's policy group.";
    REQUEST_PARTNER_NO_GROUP = "PMS_PRT_047", "Partner is not mapped to policy group";
    REQUEST_POLICY_INACTIVE = "PMS_PMP_019", "Policy is not active.";
    REQUEST_POLICY_EXPIRED = "PMS_PMP_018", "Policy expired.";
    REQUEST_PARTNER_POLICY_INACTIVE = "PMS_PMP_019", "Partner policy is not active.";
    REQUEST_PARTNER_POLICY_EXPIRED = "PMS_PMP_018", "Partner policy got expired.";
    REQUEST_PARTNER_DEACTIVATED = "PMS_PMP_016", "Partner is not active.";
    REQUESTS_NONE_FOR_GROUP = "PMS_PMP_015", "No Partner api key requests for the Policy Group";
    KEY_POLICY_NOT_FOUND = "PMS_PMP_014", "Policy does not exist";
    KEY_NO_APPROVED_REQUEST = "PMS_PRT_109", "Given policy is not mapped to partner";
    KEY_LABEL_EXISTS = "PMS_PRT_110", "Given label already exists.Provide unique label.";
    KEY_NOT_FOUND = "PMS_PRT_111", "API key not exists for the given combination";
    KEY_MAPPING_NOT_FOUND = "PMS_PMP_009", "For given partner and apikey mapping not exists.";
    KEY_REMAP_NOT_FOUND = "PMS_PMP_50", "Given apikey,partner and policy mapping not exists.";
    KEY_NOT_ACTIVE = "PMS_PMS_022", "Given Partner api key is not active.";
    EXTRACTORS_MISSING = "PMS_PM_051", "Extractors are not present. Please add extractors.";
    EXTRACTORS_NO_REQUEST = "PMS_PRT_061", "Partner policy mapping not exists.";
    EXTRACTORS_REQUEST_APPROVED = "PMS_PRT_062", "Partner api key request is approved already. Cann't add extractors now.";
    NO_DETAILS = "PMS_PRT_064", "No details found";
    CREDENTIAL_PARTNER_TYPE_NOT_ALLOWED = "PMS_PRT_070", "Credential mapping allowed only for : ";
    CREDENTIAL_POLICY_UNPARSABLE = "PMS_PRT_071", "Error occured while parsing policy string to json object";
    CREDENTIAL_TYPE_NOT_ALLOWED = "PMS_PRT_072", "Given credential type is not allowed. Allowed credential types : ";
    // Ours: MOSIP keys never expire and cannot be rotated.
    KEY_EXPIRED = "PMS_KEY_001", "The API key has expired; create a new one.";
    KEY_ROTATION_END_INVALID = "PMS_KEY_002", "The old key must stay valid until a time in the future.";
    KEY_UNKNOWN = "PMS_KEY_003", "The API key is not known.";
    // --- secure biometric interfaces, devices, FTM chips (MOSIP's codes, and ours where it has none)
    SBI_ALREADY_APPROVED = "PMS_AUT_517", "The selected SBI has been already approved";
    SBI_ALREADY_REJECTED = "PMS_AUT_518", "The selected SBI has been already rejected";
    SBI_ALREADY_DEACTIVATED = "PMS_DEVICE_ERROR_020", "The selected SBI is already deactivated.";
    SBI_NOT_APPROVED = "PMS_DEVICE_ERROR_022", "The selected SBI is not in an approved status.";
    DEVICE_NOT_PENDING = "PMS_DEVICE_ERROR_010", "Given device details are not in pending for approval status.";
    DEVICE_ALREADY_DEACTIVATED = "PMS_DEVICE_ERROR_014", "The selected device has been already deactivated.";
    DEVICE_NOT_APPROVED = "PMS_DEVICE_ERROR_023", "The selected Device is not in an approved status.";
    FTM_CERT_NOT_UPLOADED = "PMP_AUT_033", "Certificate is not uploaded.";
    FTM_UPLOAD_NOT_ALLOWED = "PMP_AUT_038", "The certificate can only be uploaded for FTM that is either pending certificate upload or has an approved status.";
    FTM_UPLOAD_DEACTIVATED = "PMP_AUT_039", "FTM chip is deactivated.";
    FTM_ALREADY_DEACTIVATED = "PMS_FTM_ERROR_007", "The selected FTM is already deactivated.";
    FTM_NOT_APPROVED = "PMS_FTM_ERROR_010", "The selected FTM is not in an approved status.";
    FTM_CERT_STATE = "PMS_FTM_ERROR_008", "The selected FTM must have a status of either pending_approval or approved.";
    FTM_CERT_DEACTIVATED = "PMS_FTM_ERROR_009", "Cannot download the certificate for a deactivated FTM";
    SUB_TYPE_NOT_FOUND = "PMS_AUT_001", "Reg Device Sub Type Code not found in the list of Reg Device Sub Types";
    PROVIDER_INACTIVE = "PMS_AUT_002", "This partner has been inactivated by Partner admin";
    DEVICE_EXISTS = "PMS_AUT_003", "Device Details already exists";
    DEVICE_DETAIL_NOT_FOUND = "PMS_AUT_005", "Device detail for id %s does not exist";
    DEVICE_STATUS_VALUE = "PMS_AUT_025", "ApprovalStatus should be Activate / De-activate";
    SBI_STATUS_VALUE = "PMS_AUT_026", "ApprovalStatus should be Activate / De-activate";
    MAP_DEVICE_NOT_APPROVED = "PMS_AUT_027", "Device details for id %s are not yet approved. Please provide approved details.";
    MAP_DEVICE_REJECTED = "PMS_AUT_028", "Device details for id %s are rejected. Cann't use same details for mapping.";
    SBI_NOT_FOUND = "PMS_AUT_007", "Secure Biometric Interface not found for the id %s";
    SBI_EXPIRY_BEFORE_TODAY = "PMS_AUT_508", "ExpiryDate should be greaterthan/equal Today.";
    SBI_EXPIRY_BEFORE_CREATED = "PMS_AUT_507", "ExpiryDate should be greaterthan createdDate";
    MAP_OTHER_PROVIDER = "PMS_AUT_509", "Device Details and SBI do not belongs to same provider.";
    MAPPING_NOT_FOUND = "PMS_AUT_510", "Mapping not exists for given data.";
    MAP_SBI_NOT_APPROVED = "PMS_AUT_511", "SBI for which device is being mapped is not approved";
    SBI_VERSION_EXISTS = "PMS_AUT_512", "SBI details exists for given SBI Version. Multiple SBI with same SBI Version cannot be added.";
    MAP_SBI_EXPIRED = "PMS_AUT_513", "SBI for which device is being mapped is expired";
    SBI_CREATED_IN_FUTURE = "PMS_AUT_514", "The created date should be less than or equal to the current date.";
    SBI_EXPIRY_TOO_FAR = "PMS_AUT_515", "Expiry date should not be greater than %s years from today";
    SBI_CREATED_TOO_OLD = "PMS_AUT_516", "Created date should not be less than %s years from today";
    DEVICE_PARTNER_NOT_OWN = "PMS_DEVICE_ERROR_001", "Partner id is not associated with user.";
    SBI_OTHER_PARTNER = "PMS_DEVICE_ERROR_002", "SBI is not associated with partner Id.";
    DEVICE_PARTNER_TYPE = "PMS_DEVICE_ERROR_003", "Invalid partner type.";
    MAPPING_EXISTS = "PMS_DEVICE_ERROR_004", "SBI and Device mapping already exists.";
    SBI_MISSING = "PMS_DEVICE_ERROR_005", "SBI do not exists.";
    DEVICE_MISSING = "PMS_DEVICE_ERROR_006", "Device do not exists.";
    DEVICE_OTHER_PARTNER = "PMS_DEVICE_ERROR_007", "Device is not associated with partner Id.";
    ADD_SBI_PENDING = "PMS_DEVICE_ERROR_009", "Unable to add device because the associated SBI is not approved.";
    MAPPING_MISSING = "PMS_DEVICE_ERROR_012", "SBI and Device mapping does not exists.";
    DEVICE_ID_INVALID = "PMS_DEVICE_ERROR_013", "Device Id is invalid";
    DEVICE_NOT_OWN = "PMS_DEVICE_ERROR_016", "Device is not associated with user.";
    SBI_ID_INVALID = "PMS_DEVICE_ERROR_017", "SBI Id is invalid";
    SBI_NOT_OWN = "PMS_DEVICE_ERROR_019", "SBI is not associated with user.";
    ADD_SBI_EXPIRED = "PMS_DEVICE_ERROR_021", "SBI for which device is being added is expired";
    APPROVE_WITHOUT_SBI = "PMS_DEVICE_ERROR_024", "This device cannot be approved as it does not have any SBI associated to it.";
    REJECT_WITHOUT_SBI = "PMS_DEVICE_ERROR_025", "This device cannot be rejected as it does not have any SBI associated to it.";
    DEACTIVATE_STATUS_VALUE = "PMS_DEVICE_ERROR_026", "Request status should be De-Activate";
    DEVICE_DECISION_VALUE = "PMS_DEVICE_ERROR_027", "Request status should be either approved or rejected";
    ADD_SBI_REJECTED = "PMS_DEVICE_ERROR_028", "Unable to add device because the associated SBI is already rejected";
    ADD_SBI_DEACTIVATED = "PMS_DEVICE_ERROR_029", "Unable to add device because the associated SBI is already deactivated";
    FTM_PROVIDER_INVALID = "PMP_AUT_030", "The FTP provider is either inactive or does not exist.";
    FTM_CHIP_NOT_FOUND = "PMP_AUT_031", "ftp chip id not exists.";
    FTM_CHIP_EXISTS = "PMP_AUT_032", "FTM Chip details already exists for the same make and model";
    FTM_CHIP_OTHER_PROVIDER = "PMP_AUT_034", "Ftp chip detail id and ftp provider id not mappped.";
    FTM_ID_INVALID = "PMS_FTM_ERROR_004", "FTM Id is invalid";
    FTM_MISSING = "PMS_FTM_ERROR_005", "FTM Details do not exists.";
    FTM_NOT_OWN = "PMS_FTM_ERROR_006", "FTM is not associated with user.";
    // Ours: MOSIP's chip approval has no source-state guard.
    FTM_NOT_PENDING = "PMS_FTM_011", "The FTM chip is not waiting for approval.";
    // --- OIDC clients of eSignet (MOSIP's codes; eSignet's own for fields it refuses)
    OIDC_FEATURE_OFF = "PMS_FEATURE_002", "OIDC client related features are not available in the current deployment.";
    CLIENT_KEY_EXISTS = "PMS_ESI_001", "Client public key already exists.";
    CLIENT_REQUEST_NOT_APPROVED = "PMS_ESI_002", "Partner policy mapping is not approved. Please check mapping status.";
    CLIENT_POLICY_MANDATORY_AUTHS = "PMS_ESI_003", "Policy having mandatory auths. So client can't be created for the same.";
    CLIENT_NOT_FOUND = "PMS_ESI_004", "Client not exists with given id.";
    CLIENT_NO_CLAIMS = "PMS_ESI_005", "Partner has no user claims";
    CLIENT_NO_ACRS = "PMS_ESI_006", "Partner has no Authentication Context Refrences";
    CLIENT_KEY_INVALID = "PMS_ESI_007", "Failed to process the Public Key";
    CLIENT_ALREADY_INACTIVE = "PMS_ESI_008", "Client already deactivated.";
    CLIENT_POLICY_NOT_AUTH = "PMS_PRT_057", "Policy Type Mismatch. Only Auth policy can be used to create OIDC Client.";
    CLIENT_PARTNER_NOT_FOUND = "PMS_PRT_058", "AuthPartner doesn't exists with this Id - %s.";
    CLIENT_PARTNER_NOT_AUTH = "PMS_PRT_059", "Only Auth_partner can Create OIDC Client. %s is not allowed to create OIDC Client.";
    CLIENT_NO_REQUEST = "PMS_PRT_061", "Partner policy mapping not exists.";
    CLIENT_PARTNER_NOT_OWN_CREATE = "PMS_POLICY_ERROR_009", "The given partner ID does not belong to the user.So unable to create OIDC client";
    CLIENT_PARTNER_NOT_OWN_UPDATE = "PMS_POLICY_ERROR_010", "The given partner ID does not belong to the user.So unable to update OIDC client details";
    CLIENT_PARTNER_NOT_OWN_GET = "PMS_POLICY_ERROR_011", "The given partner ID does not belong to the user.So unable to get OIDC client details";
    CLIENT_REDIRECT_URI_INVALID = "invalid_redirect_uri", "Invalid redirect URI";
    CLIENT_GRANT_TYPE_INVALID = "invalid_grant_type", "Invalid grant type";
    CLIENT_AUTH_METHOD_INVALID = "invalid_client_auth", "Invalid client authentication method";
    // Ours: MOSIP lets the HTTP client's exception through.
    ESIGNET_UNAVAILABLE = "PMS_OIDC_001", "eSignet could not be reached; nothing was changed.";
    ESIGNET_REFUSED = "PMS_OIDC_002", "eSignet refused the change: ";
    // --- MISP licences
    MISP_NOT_FOUND = "PMS_MSP_005", "MISP Partner does not exist";
    MISP_NOT_MISP = "PMS_MSP_009", "Given provider is not valid";
    MISP_NOT_ACTIVE = "PMS_MSP_405", "MISP partner is not active.";
    LICENCE_STATUS_INVALID = "PMS_MSP_407", "mispStatus either Active or De-active.";
    LICENCE_NOT_FOUND = "PMS_MSP_408", "MISP Partner and License key combintaion not exists.";
    LICENCE_EXISTS = "PMS_MSP_416", "License key exists for the given provider.";
    LICENCE_POLICY_NOT_APPROVED = "PMS_MSP_418", "Policy not approved.";
    LICENCE_POLICY_NOT_FOUND = "PMS_MSP_419", "Policy not exists.";
    // Ours: event delivery (MOSIP has no webhooks and no hub of its own).
    EVT_TOPIC_UNKNOWN = "PMS_EVT_001", "Unknown topic: ";
    EVT_URL_INVALID = "PMS_EVT_002", "The URL must be an absolute http or https URL without credentials: ";
    EVT_CALLBACK_NOT_ALLOWED = "PMS_EVT_003", "Callbacks on this host may not subscribe: ";
    EVT_MODE_INVALID = "PMS_EVT_004", "hub.mode must be subscribe or unsubscribe.";
    EVT_WEBHOOK_NOT_FOUND = "PMS_EVT_005", "No such webhook.";
    EVT_DELIVERY_NOT_FOUND = "PMS_EVT_006", "No such delivery, or it cannot be retried.";
    EVT_SECRET_INVALID = "PMS_EVT_007", "The secret must be 16 to 200 characters.";
    EVT_RANGE_INVALID = "PMS_EVT_008", "The time range is invalid: ";
    POLICY_GROUP_ID_EMPTY = "PMS_POLICY_ERROR_005", "Policy Group Id is empty.";
    PARTNER_ID_EMPTY = "PMS_CERTIFICATE_ERROR_003", "Partner Id is null or empty.";
    PARTNER_DETAILS_FAILED = "PMS_PM_059", "Error while fetching partner details.";
    PARTNERS_LIST_FAILED = "PMS_PM_061", "Error while fetching all partners details";
    CONSENT_FETCH_FAILED = "PMS_CONSENT_ERROR_001", "Error while fetching partner consent.";
    CONSENT_SAVE_FAILED = "PMS_CONSENT_ERROR_002", "Error while saving partner consent.";

    // --- self-registration, e-mail OTP, approval (our own)
    REG_PASSWORD_WEAK = "PMS_REG_001", "Password must be at least 12 characters long and contain a letter and a digit, and must not contain the username.";
    REG_TERMS_NOT_ACCEPTED = "PMS_REG_002", "The terms and conditions must be accepted.";
    REG_TYPE_NOT_SELF_SERVICE = "PMS_REG_003", "This partner type cannot register itself: ";
    REG_USERNAME_TAKEN = "PMS_REG_004", "A user with this username already exists.";
    REG_RATE_LIMITED = "PMS_REG_005", "Too many registration attempts. Please try again later.";
    REG_EMAIL_PENDING = "PMS_REG_007", "A registration with this e-mail address is waiting for its verification code.";
    REG_PASSWORD_MISMATCH = "PMS_REG_008", "The password and its confirmation are different.";
    OTP_NO_PENDING = "PMS_OTP_001", "There is no pending registration for this e-mail address.";
    OTP_WRONG = "PMS_OTP_002", "The verification code is not correct.";
    OTP_EXPIRED = "PMS_OTP_003", "The verification code has expired. Request a new one.";
    OTP_ATTEMPTS_EXCEEDED = "PMS_OTP_004", "Too many wrong codes. Request a new one.";
    OTP_RESEND_TOO_SOON = "PMS_OTP_005", "A new code can be requested in %s seconds.";
    OTP_RATE_LIMITED = "PMS_OTP_006", "Too many verification codes requested. Please try again later.";
    ONB_NOT_PENDING = "PMS_ONB_001", "The partner is not awaiting approval.";
    ONB_REASON_REQUIRED = "PMS_ONB_002", "A reason is required.";
    ONB_NOT_DEACTIVATED = "PMS_ONB_003", "The partner is not deactivated.";
    ONB_REJECTED = "PMS_ONB_004", "The partner registration was rejected.";
    ONB_APPROVAL_BY_CERTIFICATE = "PMS_ONB_005", "Partners are approved by their certificate upload in this deployment.";
    // The trust store (keymanager's work in MOSIP; its KER-* codes come from the certificate rules).
    CERT_NOT_UPLOADED = "PMS_PRT_108", "Certficate is not uploaded for the selected partner.";
    PARTNER_GROUP_MISSING = "PMS_PRT_054", "Policy group not mapped for given partner";
    CERT_NOT_OWN_PARTNER = "PMS_CERTIFICATE_ERROR_007", "The given partner ID does not belong to the user.So unable to get the original partner certificates";
    CERT_PARTNER_DEACTIVATED = "PMS_CERTIFICATE_ERROR_009", "Unable to download the certificate for a deactivated partner";
    CERT_ID_EMPTY = "PMS_CERTIFICATE_ERROR_012", "Certificate id is null or empty";
    CA_NOT_FOUND = "PMS_TRUST_001", "No CA certificate with this id.";
    CA_ALREADY_DEACTIVATED = "PMS_TRUST_002", "The CA certificate is already deactivated.";
    LOGIN_FAILED = "PMS_AUTH_001", "Invalid username or password.";
    LOGIN_RATE_LIMITED = "PMS_AUTH_002", "Too many failed attempts. Please try again later.";
    // Login through an external OpenID provider (our own).
    BUILTIN_LOGIN_OFF = "PMS_AUTH_003", "Passwords are not accepted here; log in through the identity provider.";
    EXTERNAL_LOGIN_FAILED = "PMS_AUTH_004", "The identity provider did not log the user in: ";
    EXTERNAL_USERNAME_TAKEN = "PMS_AUTH_005", "A local user already has the name the identity provider gives; an administrator must link them.";
    // Accounts: administration and passwords (our own).
    USER_NOT_FOUND = "PMS_USR_001", "No user with this username.";
    USER_ALREADY_DEACTIVATED = "PMS_USR_002", "The user is already deactivated.";
    USER_SELF_DEACTIVATION = "PMS_USR_003", "You cannot deactivate your own account.";
    USER_LAST_ADMIN = "PMS_USR_004", "The last active Partner Admin cannot be deactivated.";
    USER_ALREADY_ACTIVE = "PMS_USR_005", "The user is already active.";
    PASSWORD_CURRENT_WRONG = "PMS_USR_006", "The current password is not correct.";
    USER_EXTERNAL = "PMS_USR_008", "This user logs in through the identity provider; PMS keeps no password for them.";
    RESET_CODE_INVALID = "PMS_USR_007", "The code is not correct, has expired or was tried too often. Check it or request a new one.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_keep_every_error_in_order_and_one_per_field() {
        let mut checks = Checks::default();
        assert_eq!(checks.keep(Ok::<_, PmsError>(3)), Some(3));
        assert!(checks.is_clean());
        assert_eq!(checks.keep::<()>(Err(PmsError::field_rule("name", "must not be null", FieldRule::Required))), None);
        checks.fail(PmsError::invalid_field("name", "second complaint about the same field"));
        checks.fail(EMAIL_INVALID.err());
        checks.fail(PmsError::field_rule("desc", "too long", FieldRule::TooLong(5)));
        let invalid = checks.finish().unwrap_err();
        let codes: Vec<_> = invalid.all().iter().map(|e| (e.code, e.field.as_ref().map(|f| f.name.clone()))).collect();
        assert_eq!(
            codes,
            [
                ("PMS_COR_001", Some("name".to_string())),
                (EMAIL_INVALID.code, None),
                ("PMS_COR_001", Some("desc".to_string()))
            ]
        );
        assert!(invalid.first().message.contains("must not be null :name"));
        assert!(Checks::default().finish().is_ok());
    }

    #[test]
    fn fill_replaces_placeholders_in_order() {
        let e = SEARCH_INVALID_PAGINATION.fill(&[&-1, &0]);
        assert_eq!(e.message, "Invalid pagination value received pagestart:-1 and pagefetch:0");
        assert_eq!(e.code, "PMS-MSD-313");
    }

    #[test]
    fn fill_keeps_unmatched_percent_signs() {
        let e = SEARCH_INVALID_SORT_FIELD.fill(&[]);
        assert_eq!(e.message, "Invalid sort field %s");
        let e = Code { code: "X", message: "100% sure %s" }.fill(&[&"yes"]);
        assert_eq!(e.message, "100% sure yes");
    }

    #[test]
    fn with_appends_detail() {
        assert_eq!(POLICY_GROUP_NAME_EXISTS.with("Banking").message, "Policy group exists with name : Banking");
    }

    #[test]
    fn codes_have_known_prefixes() {
        for c in ALL {
            // eSignet's own codes (`invalid_redirect_uri`, …) are passed on as eSignet spells them.
            let prefixes = ["PMS_", "PMS-MSD-", "KER-ATH-", "PMP_AUT_", "invalid_"];
            assert!(prefixes.iter().any(|p| c.code.starts_with(p)), "{}", c.code);
            assert!(!c.message.is_empty());
        }
    }
}
