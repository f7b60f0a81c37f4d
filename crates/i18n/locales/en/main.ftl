## E-mails. The verification code stays alone on its line.

email-otp-subject = Your PMS verification code
email-otp-body =
    Hello { $name },

    Use this code to confirm your e-mail address and finish the registration of { $username } for { $organization }:

    { $code }

    The code is valid for { $minutes } minutes. If you did not ask for it, ignore this message.

email-registered-pending-subject = Your registration has been received
email-registered-pending-body =
    Hello { $name },

    Your e-mail address is confirmed and the registration of partner { $partnerId } is now waiting for the Partner Admin's approval.
    You can log in at { $portal } to follow its status.

email-registered-certificate-subject = Your registration has been received
email-registered-certificate-body =
    Hello { $name },

    Partner { $partnerId } is registered. It becomes active once you upload its certificate.
    Log in at { $portal } to continue.

email-approved-subject = Your partner registration is approved
email-approved-body =
    Hello { $name },

    Partner { $partnerId } has been approved by the Partner Admin. You can now log in at { $portal } and use the partner functions.

email-rejected-subject = Your partner registration was not approved
email-rejected-body =
    Hello { $name },

    The registration of partner { $partnerId } was rejected by the Partner Admin.
    Reason: { $reason }

email-deactivated-subject = Your partner account has been deactivated
email-deactivated-body =
    Hello { $name },

    Partner { $partnerId } has been deactivated by the Partner Admin. Its credentials no longer work.
    Reason: { $reason }

email-reactivated-subject = Your partner account is active again
email-reactivated-body =
    Hello { $name },

    Partner { $partnerId } has been re-activated by the Partner Admin. You can log in again at { $portal }.

nav-logout = Log out
list-results = { $count ->
        [one] { $count } result
       *[other] { $count } results
    }

## Layout

app-name = Partner Management
skip-to-content = Skip to content
nav-label = Main menu
nav-home = Home
nav-partners = Partners
nav-policy-groups = Policy groups
nav-policies = Policies
nav-audit = Audit trail
nav-profile = My profile
language = Language
language-apply = Apply
footer-api = API reference
session-idle-warning = Your session is about to end because of inactivity. Reload the page to keep it open.
back-home = Back to the home page
optional = optional
choose = — choose —
all = All
key = Key

## Generic actions and forms

action-save = Save
action-cancel = Cancel
action-back = Back
action-edit = Edit
action-clone = Clone
action-publish = Publish
action-activate = Activate
action-deactivate = Deactivate
action-approve = Approve
action-reject = Reject
action-reactivate = Re-activate
confirm-irreversible = Please confirm. This step is recorded in the audit trail.
form-required = This field is required.
form-too-long = At most { $max } characters.
form-summary-title = { $count ->
        [one] There is a problem with this form
       *[other] There are { $count } problems with this form
    }
filter-apply = Filter
filter-reset = Reset
list-empty = Nothing to show.
pager-label = Pages
pager-previous = Previous
pager-next = Next
pager-page = Page { $page }

## Fields

field-id = Identifier
field-name = Name
field-description = Description
field-status = Status
field-created = Created
field-type = Type
field-version = Version
field-document = Policy document (JSON)
field-valid = Valid
field-change = Change
field-by = By
field-date = Date
field-reason = Reason
field-username = Username
field-password = Password
field-password-confirm = Repeat the password
field-email = E-mail
field-phone = Phone
field-address = Address
field-first-name = First name
field-last-name = Last name
field-organisation = Organisation
field-partner-id = Partner ID
field-partner-type = Partner type
field-policy-group = Policy group
field-language = Language
field-code = Verification code
field-certificate = Certificate
certificate-uploaded = Uploaded
certificate-missing = Not uploaded yet

## Statuses

status-activated = Active
status-deactivated = Deactivated
status-draft = Draft
status-rejected = Rejected
status-pending-approval = Waiting for approval
status-inprogress = Waiting for certificate
banner-pending_approval = Your registration is being reviewed by the Partner Admin. You will receive an e-mail when it is decided.
banner-InProgress = Upload your certificate to activate this partner.
banner-activated = Your partner account is approved. You can use the partner functions.
banner-rejected = Your registration was not approved.
banner-deactivated = Your partner account has been deactivated. Partner functions are blocked.

## Partner types

type-Auth_Partner = Authentication partner
type-Credential_Partner = Credential partner
type-Device_Provider = Device provider
type-FTM_Provider = FTM chip provider
type-Online_Verification_Partner = Online verification partner
type-MISP_Partner = MOSIP infrastructure service provider
type-ABIS_Partner = ABIS partner
type-Manual_Adjudication = Manual adjudication partner
type-SDK_Partner = SDK partner
type-Partner_Admin = Partner admin
type-Internal_Partner = Internal partner
type-Print_Partner = Print partner
type-Binding_Partner = Binding partner

## Policy types and changes

policy-type-Auth = Authentication policies
policy-type-DataShare = Data-share policies
policy-type-CredentialIssuance = Credential-issuance policies
policy-type-MISP = MISP policies
change-created = Created
change-updated = Updated
change-published = Published
change-deactivated = Deactivated
change-registered = Registered
change-approve = Approved
change-reject = Rejected
change-deactivate = Deactivated
change-reactivate = Re-activated
change-profile-updated = Profile updated
change-policy-group-changed = Policy group changed
change-certificate-accepted = Certificate accepted

## Messages after an action

flash-consent = Thank you. Your consent has been recorded.
flash-logged-out = You have been logged out.
flash-code-sent = A verification code has been sent to your e-mail address.
flash-code-resent = A new code has been sent. The previous one no longer works.
flash-group-created = The policy group has been created.
flash-group-saved = The policy group has been saved.
flash-group-activated = The policy group is active again.
flash-group-deactivated = The policy group has been deactivated.
flash-policy-created = The policy has been saved as a draft.
flash-policy-saved = The draft has been saved.
flash-policy-published = The policy has been published.
flash-policy-deactivated = The policy has been deactivated.
flash-policy-cloned = The copy has been saved as a draft.
flash-profile-saved = Your profile has been saved.
flash-partner-approve = The partner has been approved and informed by e-mail.
flash-partner-reject = The partner has been rejected and informed by e-mail.
flash-partner-deactivate = The partner has been deactivated and its credentials revoked.
flash-partner-reactivate = The partner is active again.

## Login

login-title = Log in
login-submit = Log in
login-failed = The username or the password is not correct.
login-rate-limited = Too many failed attempts. Please wait a few minutes and try again.
login-expired = Your session has ended after a period of inactivity. Please log in again.
login-no-account = New partner?
login-register = Register your organisation

## Self-registration

register-title = Register your organisation
register-intro = Tell us about your organisation. We will send a code to your e-mail address to confirm it; the Partner Admin then reviews your registration.
register-organisation = Organisation
register-contact = Contact person
register-account = Login
register-no-group = — none —
register-group-hint = Required for partner types that use policies (authentication, credential, verification, ABIS, adjudication).
register-username-hint = Up to 36 letters, digits and . _ - @, without spaces. It is also your partner ID.
register-password-hint = At least 12 characters, with a letter and a digit, not containing the username.
error-PMS_REG_008 = The two passwords are different.
register-terms = I accept the terms and conditions: my name, phone, e-mail, organisation and address are used to manage this partnership.
register-submit = Send the verification code
register-have-account = Already registered?
verify-title = Check your e-mail
verify-check-email = We sent a six-digit code to { $email }. Enter it below to confirm your address.
verify-validity = The code is valid for { $minutes } minutes. At most five attempts are allowed.
verify-submit = Verify
verify-resend = Send a new code
done-title = Registration received
done-pending = Your e-mail address is confirmed. Partner { $partnerId } now waits for the Partner Admin's approval; you will be informed by e-mail. You can already log in to follow its status.
done-certificate = Your e-mail address is confirmed. Log in and upload the certificate of partner { $partnerId } to activate it.

## Terms consent

consent-title = Terms and conditions
consent-text = The information you gave (name, phone number, e-mail address, organisation and address) is used to manage your partnership, to issue credentials and to contact you. It is kept as long as the partnership lasts.
consent-accept = I have read and accept the terms and conditions.
consent-submit = Continue
consent-required = Please accept the terms and conditions to continue.

## Home

dashboard-welcome = Welcome, { $name }
dashboard-partners = Partners
dashboard-pending = registrations waiting for approval
dashboard-policies = Policies
dashboard-no-partner = Your login has a partner role but no partner record yet. Register your partner through the MOSIP API (POST /v1/partnermanager/partners) or ask the Partner Admin.
card-profile = Profile
card-profile-text = Your organisation's contact details.
card-certificates = Certificates
card-policies = Policies
card-auth-services = API keys and OIDC clients
card-devices = SBIs and devices
card-ftm = FTM chips
card-misp = Licence keys
card-coming-next = Coming next.

## Policy groups

group-new = New policy group
group-edit = Edit policy group
group-deactivate-title = Deactivate the policy group
group-deactivate-message = Partners will no longer be able to choose { $name }, and no policy can be created in it.
group-deactivate-active = { $count ->
        [one] { $count } active policy still belongs to it.
       *[other] { $count } active policies still belong to it.
    }
group-deactivate-drafts = { $count ->
        [one] { $count } draft policy still belongs to it.
       *[other] { $count } draft policies still belong to it.
    }

## Policies

policy-new = New policy
policy-new-auth = New authentication policy
policy-new-datashare = New data-share policy
policy-edit = Edit draft policy
policy-save-draft = Save as draft
policy-history = Version history
policy-json-invalid = This is not valid JSON: { $detail }
json-ok = Valid JSON.
json-bad = Not valid JSON:
policy-publish-title = Publish the policy
policy-publish-message = Once published, { $name } can no longer be changed and partners can request it.
policy-deactivate-title = Deactivate the policy
policy-deactivate-message = { $name } will stop being usable; consumers such as ID Authentication are told at once. A deactivated policy cannot be activated again.
policy-clone-title = Clone a policy
policy-clone-intro = A copy of { $name } is saved as a draft in the group you choose.
policy-clone-target = Policy group of the copy

## Partner administration

partner-history = Status history
partner-approve-title = Approve the partner
partner-approve-message = { $name } will be able to use the partner functions. The partner is informed by e-mail.
partner-reject-title = Reject the registration
partner-reject-message = { $name } will not be able to use the partner functions. The reason is sent to the partner by e-mail.
partner-deactivate-title = Deactivate the partner
partner-deactivate-message = { $name } will lose access to the partner functions and all its credentials are revoked at once.
partner-reactivate-title = Re-activate the partner
partner-reactivate-message = { $name } will be able to use the partner functions again.
audit-entity-type = Entity type
audit-entity-id = Entity
audit-entity = Entity
audit-actor = Who
audit-action = Action
audit-outcome = Outcome
audit-success = Success
audit-failure = Refused

## Errors

error-title = This did not work
error-forbidden-title = Not allowed
error-forbidden = Your role does not allow this page.
error-internal-title = Something went wrong
error-internal = The server could not complete the request. Please try again later.
error-csrf = The form has expired. Please go back, reload the page and try again.
error-PMS_COR_001 = Please check the form: a required value is missing or too long.
error-PMS_POL_008 = This policy does not exist.
error-PMS_POL_009 = A policy with this name already exists in the policy group.
error-PMS_POL_014 = A policy group with this name already exists.
error-PMS_POL_016 = This policy group does not exist.
error-PMS_POL_019 = This policy group does not exist.
error-PMS_POL_020 = The policy is already published.
error-PMS_POL_053 = The policy group is not active.
error-PMS_POL_055 = A published policy cannot be changed.
error-PMS_POL_056 = Active policies still belong to the policy group.
error-PMS_POL_062 = The policy is already deactivated.
error-PMS_POL_063 = The policy cannot be deactivated: a partner's request for it was approved.
error-PMS_POL_064 = The policy cannot be deactivated: a partner's request for it is pending.
error-PMS_POL_065 = This policy does not exist.
error-PMS_POL_067 = The policy group is already deactivated.
error-PMS_POL_068 = This policy group does not exist.
error-PMS_POL_069 = Active and draft policies still belong to the policy group.
error-PMS_POL_070 = Draft policies still belong to the policy group.
error-PMS_POL_072 = Only an active policy can be deactivated.
error-PMS_PV_005 = this property is not allowed here, or its value is not one of the allowed values.
error-PMS_PV_006 = this required property is missing.
error-PMS_PV_007 = this value has the wrong type.
error-PMS_PV_008 = this list must not be empty.
error-PMS_PV_009 = this text must not be empty.
error-PMS_PRT_002 = This policy group does not exist.
error-PMS_PRT_005 = This partner does not exist.
error-PMS_PRT_010 = This partner type does not exist.
error-PMS_PRT_011 = A partner with this e-mail address is already registered.
error-PMS_PRT_012 = This e-mail address is not valid.
error-PMS_PRT_013 = This phone number is not valid (digits, spaces, + ( ) -, at most 16 characters).
error-PMS_PRT_051 = This partner ID is already taken.
error-PMS_PRT_052 = The partner ID may have at most 36 characters.
error-PMS_PRT_055 = You are not allowed to act on this partner.
error-PMS_PRT_056 = This language is not supported.
error-PMS_PRT_066 = The partner ID must not contain spaces.
error-PMS_PRT_108 = A policy group is required for this partner type.
error-PMS_PMP_005 = This partner does not exist.
error-PMS_PMP_016 = The partner is not active.
error-PMS_PMP_023 = The policy group is not active.
error-PMS_PM_063 = The partner is already deactivated.
error-PMS_PRT_357 = This column cannot be sorted.
error-PMS_PRT_358 = The sort order must be ascending or descending.
error-PMS_PRT_360 = The page number is not valid.
error-PMS_PRT_361 = The page size is not valid.
error-PMS_REG_001 = The password must have at least 12 characters, a letter and a digit, and must not contain the username.
error-PMS_REG_002 = Please accept the terms and conditions.
error-PMS_REG_003 = This partner type cannot register itself.
error-PMS_REG_004 = This username is already taken.
error-PMS_REG_005 = Too many registrations from your network. Please try again later.
error-PMS_REG_006 = The verification e-mail could not be sent. Please try again in a moment.
error-PMS_OTP_001 = There is no registration waiting for a code at this address. Please register again.
error-PMS_OTP_002 = The code is not correct.
error-PMS_OTP_003 = The code has expired. Ask for a new one.
error-PMS_OTP_004 = Too many wrong codes. Ask for a new one.
error-PMS_OTP_005 = Please wait a minute before asking for another code.
error-PMS_OTP_006 = Too many codes were sent to this address. Please try again in an hour.
error-PMS_ONB_001 = The partner is not waiting for approval.
error-PMS_ONB_002 = A reason is required.
error-PMS_ONB_003 = The partner is not deactivated.
error-PMS_ONB_004 = The partner's registration was rejected.

## Certificate trust store (Partner Admin)

nav-trust-store = Trust store
trust-tabs-label = Certificate kinds
trust-tab-all = All CA certificates
trust-tab-root = Root CA
trust-tab-intermediate = Intermediate CA
trust-tab-expiring = Expiring soon
trust-upload = Upload a trust certificate
trust-upload-intro = Upload a root CA certificate, or an intermediate CA certificate whose issuer is already in the trust store of the same domain. A file may hold several certificates (PEM or PKCS#7); they are stored in the right order.
trust-warning-period = { $count ->
        [one] highlighted: expiring within { $count } day
       *[other] highlighted: expiring within { $count } days
    }
trust-download-pem = Download the certificate (PEM)
trust-download-chain = Download the chain (.p7b)
trust-self-signed = self-signed
trust-issuer-link = Issuer certificate
trust-pem = Certificate (PEM)
trust-deactivate-title = Deactivate the CA certificate
trust-deactivate-message = { $name } will no longer anchor trust: new partner certificates cannot chain through it, and partner certificates that did are shown as untrusted. Consumers are told at once.
field-partner-domain = Partner domain
field-certificate-id = Certificate ID
field-issued-to = Issued to
field-issued-by = Issued by
field-valid-from = Valid from
field-valid-till = Valid until
field-uploaded = Uploaded
field-serial = Serial number
field-sha1 = SHA-1 thumbprint
field-sha256 = SHA-256 thumbprint
field-days-left = Days left
domain-AUTH = Authentication (AUTH)
domain-DEVICE = Devices (DEVICE)
domain-FTM = FTM chips (FTM)
ca-type-ROOT = Root CA
ca-type-INTERMEDIATE = Intermediate CA
ca-status-active = Active
ca-status-deactivated = Deactivated
cert-expired = Expired
cert-days-left = { $count ->
        [one] { $count } day left
       *[other] { $count } days left
    }
cert-upload-file = Choose a file (.pem, .cer, .crt, .der)
cert-upload-file-hint = Or paste the certificate below. A chosen file is used first.
cert-upload-paste = Paste the certificate (PEM)
cert-upload-submit = Upload
cert-upload-one-only = Upload the partner certificate alone: CA certificates belong in the trust store.
expiring-days = Expiring within (days)
expiring-days-invalid = Enter a number of days between 0 and 36500.
expiring-summary = { $count ->
        [one] { $count } certificate expires in this period, soonest first.
       *[other] { $count } certificates expire in this period, soonest first.
    }
expiring-timeline-title = { $count ->
        [one] Certificate expiries over the next { $count } day
       *[other] Certificate expiries over the next { $count } days
    }
expiring-timeline-desc = One bar per certificate, from today (left) to its expiry date. Red: expired; amber: within the warning period. The table below lists the same certificates.
expiring-legend = Bars run from today to the expiry date. Red: expired. Amber: within the warning period. Green: later.
expiring-omitted = { $count ->
        [one] { $count } more certificate is listed only in the table.
       *[other] { $count } more certificates are listed only in the table.
    }
expiring-none = No certificate expires in this period.
expiring-today = Today
expiring-kind-partner = Partner certificate
expiring-kind-sbi = Secure biometric interface
expiring-kind-chip = FTM chip certificate

## Partner certificates

nav-certificates = Partner certificate
cert-page-title = Partner certificate
cert-current = Current certificate
cert-none-yet = No certificate yet
cert-trusted = trusted: it chains to the active CA certificates of its domain
cert-untrusted = untrusted: a CA certificate of its chain was deactivated; upload a new certificate
cert-original-expired = The original certificate has expired.
cert-signed-expired = The platform-signed certificate has expired.
cert-download-original = Download the original certificate
cert-download-signed = Download the platform-signed certificate
cert-original-till = Original valid until
cert-signed-till = Platform-signed copy valid until
cert-upload = Upload the certificate
cert-reupload = Re-upload the certificate
cert-upload-intro = The certificate must be issued by a CA of the trust store (not self-signed), name your organisation exactly as registered (O), and stay valid for about a year. The platform signs a copy, valid for one year.
cert-upload-approves = In this deployment the partner is approved as soon as its certificate is accepted.
cert-history = Upload history
cert-status-active = Current
cert-status-superseded = Replaced
cert-copy-expired = This copy of the certificate has expired. Upload a new certificate.
flash-ca-upload-success = Upload Success. The certificate is in the trust store.
flash-ca-upload-partial = Partial Upload Success. Certificates already stored or refused were skipped.
flash-ca-deactivated = The CA certificate has been deactivated.
flash-certificate-uploaded = The certificate has been accepted and signed by the platform.
flash-certificate-uploaded-approved = The certificate has been accepted and signed by the platform. The partner is now approved.

## Certificate errors

error-KER-PCM-001 = This is not a certificate that can be read (PEM, DER or PKCS#7 expected).
error-KER-PCM-003 = This certificate is already in the trust store of this domain.
error-KER-PCM-004 = The certificate's dates are not valid: it has expired or does not stay valid long enough.
error-KER-PCM-005 = The root CA certificate of this certificate is not in the trust store of this domain. Upload the root first.
error-KER-PCM-006 = No root or intermediate CA certificate of this domain issued this certificate.
error-KER-PCM-007 = Only X.509 version 3 certificates are accepted.
error-KER-PCM-008 = The organisation (O) in the certificate is not exactly the partner's registered organisation name.
error-KER-PCM-011 = This partner domain is not allowed (AUTH, DEVICE or FTM; partners use the domain of their type).
error-KER-PCM-013 = The certificate's key is too small or of a type that is not allowed.
error-KER-PCM-014 = The certificate's signature algorithm is not accepted (for example SHA-1).
error-KER-PCM-015 = A self-signed certificate cannot be a partner certificate: it must be issued by a CA.
error-KER-PCM-017 = The CA certificate does not stay valid long enough (at least a year is required).
error-KER-PCM-018 = The certificate cannot be used in this role (a CA certificate as a partner certificate, or a certificate without CA rights as a CA).
error-KER-PMS-020 = The certificate is not valid yet: certificates dated in the future are not accepted.
error-PMS_TRUST_001 = This CA certificate does not exist.
error-PMS_TRUST_002 = The CA certificate is already deactivated.
error-PMS_PRT_054 = The partner has no policy group; one is needed before its certificate can be uploaded.
error-certificate-PMS_PRT_108 = No certificate has been uploaded for this partner yet.
error-PMS_CERTIFICATE_ERROR_002 = Your login owns no partner.
error-PMS_CERTIFICATE_ERROR_007 = This partner does not belong to your login.
error-PMS_CERTIFICATE_ERROR_009 = The partner is deactivated: its certificate cannot be downloaded.
error-PMS_CERTIFICATE_ERROR_012 = A certificate ID is required.
error-PMS_COR_002 = A value of the request is not valid.

# Portal patterns: navigation, lists, verification page
nav-menu = Menu
filters-toggle = Filters
pager-size = Rows per page
pager-size-apply = Show
groups-empty-cta = Create the first policy group
policies-empty-cta = Create the first policy
trust-empty-cta = Upload the first CA certificate
partners-empty-hint = Partners appear here once they register at /register.
verify-attempts-left = { $count ->
        [one] One attempt left.
       *[other] { $count } attempts left.
    }
verify-resend-at = You can ask for a new code from { $time }.

# Accounts (password reset and change, user administration) and the audit trail for people
nav-users = Users
nav-password = Change password
login-forgot = Forgot your password?
forgot-title = Reset your password
forgot-intro = Give your username or your e-mail address. If an active account matches, we send a code to its e-mail address.
forgot-identifier = Username or e-mail address
forgot-submit = Send a code
reset-title = Choose a new password
reset-intro = If an active account matches what you gave, a code is on its way to its e-mail address. Type it with your new password.
reset-submit = Set the new password
reset-new-code = Request a new code
change-title = Change your password
change-intro = Your other sessions and API tokens end when the password changes.
change-submit = Change the password
field-current-password = Current password
field-new-password = New password
password-rules = At least 12 characters, with a letter and a digit, not containing the username.
field-role = Role
field-roles = Roles
user-history = History
user-password-title = Set a new password
user-password-intro = The new password of { $name } works at once; every session and API token of { $name } ends.
user-deactivate-title = Deactivate this user?
user-deactivate-message = { $name } will not be able to log in, and their sessions and API tokens end at once.
user-activate-title = Re-activate this user?
user-activate-message = { $name } will be able to log in again with their password.
action-user-password = Set a new password
action-user-deactivate = Deactivate
action-user-activate = Re-activate
flash-reset-code-sent = If an active account matches, a code has been sent to its e-mail address.
flash-password-reset = Your password has been changed. Log in with the new one.
flash-password-changed = Your password has been changed. Your other sessions have ended.
flash-user-password-set = The new password is set. The user's sessions have ended.
flash-user-deactivate = The user has been deactivated and logged out everywhere.
flash-user-activate = The user can log in again.
status-active = Active
status-code-sent = Code sent
status-verified = Verified
status-yes = Yes
error-PMS_USR_001 = There is no user with this username.
error-PMS_USR_002 = The user is already deactivated.
error-PMS_USR_003 = You cannot deactivate your own account.
error-PMS_USR_004 = The last active Partner Admin cannot be deactivated.
error-PMS_USR_005 = The user is already active.
error-PMS_USR_006 = The current password is not correct.
error-PMS_USR_007 = The code is not correct, has expired or was tried too often. Check it or request a new one.
email-reset-subject = Your PMS password reset code
audit-from = From
audit-to = Until
audit-utc = Times are in UTC.
audit-bad-date = A date is not valid: use the date and time fields.
audit-export-csv = Export these rows as CSV
audit-what = What happened
audit-details = Details
audit-anonymous = Someone not logged in
audit-refused = { $actor } was refused: { $action } — { $entity }
audit-generic = { $actor }: { $action } — { $entity }
audit-entity-user = User
audit-entity-registration = Sign-up
audit-entity-partner = Partner
audit-entity-policy_group = Policy group
audit-entity-policy = Policy
audit-entity-ca_certificate = CA certificate
audit-entity-partner_certificate = Partner certificate
audit-entity-policy_request = Policy request
audit-entity-api_key = API key
audit-action-user-bootstrap = First administrator
audit-action-user-create = User created
audit-action-user-consent = Terms accepted
audit-action-user-language = Language changed
audit-action-user-deactivate = User deactivated
audit-action-user-activate = User re-activated
audit-action-user-password-reset-request = Password reset requested
audit-action-user-password-reset = Password reset
audit-action-user-password-change = Password changed
audit-action-user-password-set = Password set by an administrator
audit-action-session-open = Portal login
audit-action-session-token = API login
audit-action-session-login-failed = Failed login
audit-action-session-logout = Logout
audit-action-registration-start = Sign-up started
audit-action-registration-resend = Sign-up code sent again
audit-action-registration-verify = Sign-up confirmed
audit-action-partner-register = Partner registered
audit-action-partner-update = Partner profile updated
audit-action-partner-contact = Partner contacts changed
audit-action-partner-policy-group = Partner policy group changed
audit-action-partner-status = Partner status changed
audit-action-partner-approve = Partner approved
audit-action-partner-reject = Partner rejected
audit-action-partner-deactivate = Partner deactivated
audit-action-partner-reactivate = Partner re-activated
audit-action-partner-certificate-accepted = Partner approved by its certificate
audit-action-policy-group-create = Policy group created
audit-action-policy-group-update = Policy group edited
audit-action-policy-group-activate = Policy group activated
audit-action-policy-group-deactivate = Policy group deactivated
audit-action-policy-create = Policy created
audit-action-policy-update = Policy edited
audit-action-policy-publish = Policy published
audit-action-policy-status = Policy status changed
audit-action-policy-deactivate = Policy deactivated
audit-action-policy-clone = Policy copied
audit-action-ca-certificate-upload = CA certificates uploaded
audit-action-ca-certificate-deactivate = CA certificate deactivated
audit-action-partner-certificate-upload = Partner certificate uploaded
audit-action-policy-request-create = Policy requested
audit-action-policy-request-approve = Policy request approved
audit-action-policy-request-reject = Policy request rejected
audit-action-api-key-create = API key created
audit-action-api-key-rotate = API key rotated
audit-action-api-key-status = API key status changed
audit-action-api-key-remap = API key moved to another policy
audit-action-api-key-expire = API key expired
audit-action-api-key-revoke = API key revoked
audit-action-webhook-create = Webhook added
audit-action-webhook-remove = Webhook removed
audit-action-websub-subscription-subscribe = Hub subscription requested
audit-action-websub-subscription-unsubscribe = Hub unsubscription requested
audit-action-delivery-retry = Delivery retried
audit-action-event-replay = Events replayed
audit-action-reminder-send = Expiry reminder sent
audit-action-partner-bio-extractors = Biometric extractors set
audit-action-partner-credential-type = Credential type bound to a policy
audit-do-user-bootstrap = { $actor } created the first administrator { $entity }
audit-do-user-create = { $actor } created user { $entity }
audit-do-user-consent = { $entity } accepted the terms and conditions
audit-do-user-language = { $entity } switched the language from { $from } to { $to }
audit-do-user-deactivate = { $actor } deactivated user { $entity }
audit-do-user-activate = { $actor } re-activated user { $entity }
audit-do-user-password-reset-request = { $actor } asked for a password reset code for { $entity }
audit-do-user-password-reset = { $actor } reset the password of { $entity } with an e-mail code
audit-do-user-password-change = { $entity } changed their password
audit-do-user-password-set = { $actor } set a new password for { $entity }
audit-do-session-open = { $entity } logged in to the portal
audit-do-session-token = { $entity } logged in through the API
audit-do-session-login-failed = Failed login as { $entity } from { $client }
audit-do-session-logout = { $entity } logged out
audit-do-registration-start = { $actor } signed up as { $entity } and was sent a code
audit-do-registration-resend = { $actor } asked for a new sign-up code for { $entity }
audit-do-registration-verify = { $actor } confirmed the e-mail address of sign-up { $entity }
audit-do-partner-register = { $actor } registered partner { $entity }
audit-do-partner-update = { $actor } updated the profile of partner { $entity }
audit-do-partner-contact = { $actor } changed the contacts of partner { $entity }
audit-do-partner-policy-group = { $actor } changed the policy group of partner { $entity } to { $to }
audit-do-partner-status = { $actor } changed the status of partner { $entity } from { $from } to { $to }
audit-do-partner-approve = { $actor } approved partner { $entity }
audit-do-partner-reject = { $actor } rejected partner { $entity }
audit-do-partner-deactivate = { $actor } deactivated partner { $entity }
audit-do-partner-reactivate = { $actor } re-activated partner { $entity }
audit-do-partner-certificate-accepted = Partner { $entity } was approved by the certificate { $actor } uploaded
audit-do-policy-group-create = { $actor } created policy group { $entity }
audit-do-policy-group-update = { $actor } edited policy group { $entity }
audit-do-policy-group-activate = { $actor } activated policy group { $entity }
audit-do-policy-group-deactivate = { $actor } deactivated policy group { $entity }
audit-do-policy-create = { $actor } created the draft policy { $entity }
audit-do-policy-update = { $actor } edited policy { $entity }
audit-do-policy-publish = { $actor } published policy { $entity }
audit-do-policy-status = { $actor } changed the status of policy { $entity } from { $from } to { $to }
audit-do-policy-deactivate = { $actor } deactivated policy { $entity }
audit-do-policy-clone = { $actor } copied a policy into { $entity }
audit-do-ca-certificate-upload = { $actor } uploaded CA certificates into domain { $entity }
audit-do-ca-certificate-deactivate = { $actor } deactivated CA certificate { $entity }
audit-do-partner-certificate-upload = { $actor } uploaded the certificate of partner { $entity }
audit-do-policy-request-create = { $actor } asked for a policy in request { $entity }
audit-do-policy-request-approve = { $actor } approved policy request { $entity }
audit-do-policy-request-reject = { $actor } rejected policy request { $entity }
audit-do-api-key-create = { $actor } created API key { $entity }
audit-do-api-key-rotate = { $actor } created API key { $entity } to replace an older key
audit-do-api-key-status = { $actor } changed API key { $entity } from { $from } to { $to }
audit-do-api-key-remap = { $actor } bound API key { $entity } to another policy
audit-do-api-key-expire = API key { $entity } reached its end date
audit-do-api-key-revoke = API key { $entity } was revoked with its partner
audit-do-webhook-create = { $actor } added webhook { $entity }
audit-do-webhook-remove = { $actor } removed webhook { $entity }
audit-do-websub-subscription-subscribe = { $actor } asked the hub to subscribe { $entity }
audit-do-websub-subscription-unsubscribe = { $actor } asked the hub to unsubscribe { $entity }
audit-do-delivery-retry = { $actor } queued delivery { $entity } again
audit-do-event-replay = { $actor } replayed events { $entity }
audit-do-reminder-send = An expiry reminder was sent for { $entity }
audit-do-partner-bio-extractors = { $actor } set the biometric extractors of partner { $entity }
audit-do-partner-credential-type = { $actor } bound a credential type of partner { $entity } to a policy
email-reset-body =
    Hello { $name },

    Use this code to choose a new password for { $username }:

    { $code }

    The code is valid for { $minutes } minutes and works once. If you did not ask for it, ignore this message: your password stays as it is.

## Policy builder, clone provenance and version differences

policy-clone-default-name = Copy of { $name }
policy-cloned-from = Cloned from
policy-source-gone = (no longer exists)
policy-changes = Changes
policy-show-changes = Changes in version { $rev }
policy-diff-title = Version { $rev }: what changed
policy-diff-intro = Compared with version { $rev }.
policy-diff-first = The first version: every line is new.
policy-diff-previous = Previous changes
policy-diff-back = Back to the policy
policy-diff-fields = Details
policy-diff-before = Before
policy-diff-after = After
policy-diff-changed = changed
policy-diff-caption = Lines of the policy document: removed lines are marked −, added lines +.
policy-diff-change = Change
policy-diff-line = Line
policy-diff-added = added
policy-diff-removed = removed
policy-diff-count-added = { $count ->
        [one] 1 line added
       *[other] { $count } lines added
    }
policy-diff-count-removed = { $count ->
        [one] 1 line removed
       *[other] { $count } lines removed
    }
policy-did-you-mean = Did you mean { $key }?
policy-error-line = Line { $line }
policy-upload-not-text = The file is not text: a UTF-8 JSON document is expected.
builder-tab = Builder
builder-tab-json = JSON (advanced)
builder-json-label = Policy document (JSON)
builder-token-type = Authentication token type
builder-token-random = Random token
builder-token-partner = Partner-specific token
builder-token-policy = Policy-specific token
builder-auth-types = Authentication types
builder-allowed = Allowed
builder-mandatory = Mandatory
builder-auth-otp = OTP
builder-auth-demo = Demographic
builder-auth-bio-finger = Biometric: fingerprint
builder-auth-bio-iris = Biometric: iris
builder-auth-bio-face = Biometric: face
builder-auth-kyc = e-KYC
builder-kyc-attributes = e-KYC attributes
builder-multi-hint = Hold Ctrl (or ⌘) to choose several.
builder-languages = e-KYC languages
builder-misp-flags = Delegation rights
builder-misp-allowAuthRequestDelegation = Authentication requests may be delegated
builder-misp-allowKycRequestDelegation = e-KYC requests may be delegated
builder-misp-allowKeyBindingDelegation = Key binding may be delegated
builder-misp-trustBindedAuthVerificationToken = Tokens of bound authentication are trusted
builder-misp-allowVciRequestDelegation = Verifiable-credential requests may be delegated
builder-share-settings = Data-share settings
builder-share-typeOfShare = Type of share
builder-share-validForInMinutes = Valid for (minutes)
builder-share-transactionsAllowed = Transactions allowed
builder-share-encryptionType = Encryption
builder-share-shareDomain = Share domain
builder-share-source = Source
builder-share-protocol = Protocol
builder-optional = (optional)
builder-shareable = Shareable attributes
builder-shared = Shared
builder-encrypted = Encrypted
builder-file = File
builder-upload = Policy document file (.json)
builder-upload-button = Load the file
builder-download = Download .json

## Policy requests and API keys
nav-policy-requests = Policy requests
nav-my-policies = Policies
nav-api-keys = API keys
field-policy = Policy
field-use-case = Use case
field-actions = Actions
field-key-label = Label
field-key-id = Key ID
field-replaced-by = Replaced by
action-rotate = Rotate
requests-title = Policies
requests-admin-title = Partner–policy linking
requests-new = Request a policy
requests-no-approved-partner = Once the Partner Admin has approved your partner, you can request the policies of its policy group here.
requests-choose-policy = Choose a policy
requests-no-policies = The policy group has no active policy yet.
requests-submit = Send the request
requests-empty-hint = Request a policy with the form above; the Partner Admin decides.
request-status-inprogress = Pending
request-status-approved = Approved
request-status-rejected = Rejected
request-approve-title = Approve this policy request
request-reject-title = Reject this policy request
request-reject-reason-hint = Required: the partner reads this reason.
request-reject-reason-required = Give the reason for the rejection; the partner reads it.
request-already-decided = This request has already been decided.
flash-policy-requested = Your request has been sent. The Partner Admin decides.
flash-policy-request-approve = The policy request has been approved.
flash-policy-request-reject = The policy request has been rejected; the partner sees the reason.
flash-api-key-deactivated = The API key has been deactivated. It no longer works.
api-keys-title = API keys
api-keys-generate = Generate a key
api-keys-no-grant = A key is made for a policy approved for your partner.
api-keys-request-first = Request a policy first.
api-keys-label-hint = A name for the key, unique for the policy (at most { $max } characters).
api-keys-generate-submit = Generate the key
api-keys-empty-hint = Generate your first key with the form above.
key-filter-activated = Active
key-filter-deactivated = Deactivated or expired
key-state-active = Active
key-state-expiring = Expiring soon
key-state-expired = Expired
key-state-revoked = Deactivated
api-key-issued-title = Your new API key
api-key-issued-warning = Copy the key now and keep it safe: it will not be shown again. PMS keeps only a fingerprint of it; if you lose it, generate a new one.
api-key-issued-label = API key “{ $label }”
api-key-copy = Copy the key
api-key-copied = The key has been copied.
api-key-copy-hint = Select the whole field and copy it (Ctrl+C or ⌘C).
api-key-issued-done = I have copied the key
api-key-never-shown = The key itself is shown only once, when it is generated.
api-key-not-active = This key is no longer active.
api-key-deactivate-title = Deactivate this API key
api-key-deactivate-message = The key { $name } stops working at once. It cannot be used again; generate a new one if needed.
api-key-until-invalid = Give a date, such as 2030-01-31.
api-key-rotate-title = Rotate this API key
api-key-rotate-message = A new key replaces { $name }; the old one keeps working until the date you choose, then expires.
api-key-rotate-label = Label of the new key
api-key-rotate-until = The old key stays valid until
api-key-rotate-until-hint = To the end of that day (UTC). Left empty: 7 days from now.
dashboard-policy-requests = Policy requests
dashboard-requests-pending = policy requests waiting for a decision
card-policies-text = Request policies and follow the decisions.
card-api-keys = API keys
card-api-keys-text = Generate, rotate and deactivate the keys of your approved policies.
error-PMS_PRT_053 = A request for this policy is already waiting for approval.
error-PMS_PRT_060 = This policy has already been approved for the partner.
error-PMS_PRT_073 = This policy does not exist.
error-PMS_PRT_098 = This policy is not in the partner's policy group.
error-PMS_PRT_047 = The partner has no policy group.
error-PMS_PMP_019 = The policy is not active.
error-PMS_PMP_018 = The policy has expired.
error-PMS_PMP_014 = This policy does not exist.
error-PMS_PMP_007 = This policy request does not exist.
error-PMS_PRT_109 = No approved request for this policy: request it first.
error-PMS_PRT_110 = This label is already used for this policy. Choose another one.
error-PMS_PRT_111 = No API key has this label for this policy.
error-PMS_PMS_022 = The API key is not active.
error-PMS_KEY_001 = The API key has expired; generate a new one.
error-PMS_KEY_002 = The old key must stay valid until a date in the future.
error-PMS_KEY_003 = This API key does not exist.
error-PMS_PM_034 = This policy request has already been approved.
error-PMS_PM_035 = This policy request has already been rejected.

## E-mails and portal notifications of policy requests, API keys and expiring certificates.

email-request-approved-subject = Your request for policy { $policyName } is approved
email-request-approved-body =
    Hello { $name },

    The Partner Admin approved the request of partner { $partnerId } for policy { $policyName }. You can now generate API keys for it at { $portal }.

email-request-rejected-subject = Your request for policy { $policyName } was not approved
email-request-rejected-body =
    Hello { $name },

    The Partner Admin rejected the request of partner { $partnerId } for policy { $policyName }.
    Reason: { $reason }

email-key-created-subject = A new API key for policy { $policyName }
email-key-created-body =
    Hello { $name },

    API key { $label } of partner { $partnerId } for policy { $policyName } was created. It is valid until { $expires }.
    If you did not create it, deactivate it at { $portal } and tell the Partner Admin.

email-key-expiring-subject = API key { $label } expires in { $days } days
email-key-expiring-body =
    Hello { $name },

    API key { $label } of partner { $partnerId } for policy { $policyName } expires on { $expires }. Generate a new key at { $portal } before then.

email-key-deactivated-subject = API key { $label } has been deactivated
email-key-deactivated-body =
    Hello { $name },

    API key { $label } of partner { $partnerId } for policy { $policyName } no longer works.

email-certificate-expiring-subject = The certificate of partner { $partnerId } expires in { $days } days
email-certificate-expiring-body =
    Hello { $name },

    The certificate of partner { $partnerId } expires on { $expires }. Upload a new certificate at { $portal } before then.

email-ca-expiring-subject = A { $domain } CA certificate expires in { $days } days
email-ca-expiring-body =
    Hello,

    The { $domain } CA certificate { $subject } expires on { $expires }. Partner certificates issued under it stop being accepted then; upload its successor at { $portal }.

## Portal: events, deliveries and notifications

nav-events = Events
bell-label = Notifications
bell-unread = { $count ->
        [one] { $count } unread notification
       *[other] { $count } unread notifications
    }
events-title = Events
events-tabs-label = Event pages
events-tab-webhooks = Webhooks
events-tab-deliveries = Delivery log
events-tab-websub = Hub subscriptions
action-remove = Remove
field-url = URL
field-topics = Topics
field-topic = Topic
field-secret = Secret
field-kind = Kind
field-target = Recipient
field-target-id = Subscriber ID
field-event-id = Event ID
field-attempts = Attempts
field-last-answer = Last answer
field-next-attempt = Next attempt
field-delivered = Delivered
field-webhook = Webhook
field-callback = Callback
field-expires = Expires
webhooks-title = Webhooks
webhooks-intro = Each event of a chosen topic is sent to the webhook's URL as a signed POST (HMAC-SHA256 of the body under its secret), and retried until it is accepted.
webhooks-empty = No webhook yet. Add one below.
webhook-deliveries = Deliveries
webhook-add = Add a webhook
webhook-url-hint = An absolute http or https URL, without a user name or password.
webhook-secret-hint = 16 to 200 characters, used to sign every delivery. It is not shown again.
webhook-add-submit = Add webhook
webhook-remove-title = Remove this webhook?
webhook-remove-message = Events are no longer sent to { $url }. Deliveries still waiting for it are given up.
flash-webhook-added = The webhook has been added. It receives the next events of its topics.
flash-webhook-removed = The webhook has been removed.
flash-delivery-retried = The delivery is back in the queue with a fresh count of attempts.
flash-events-replayed = The events of that period have been queued again.
flash-notifications-read = All your notifications are marked as read.
deliveries-title = Delivery log
queue-title = Queue
queue-pending = Waiting
queue-dead = Dead letters
queue-oldest = Oldest delivery due since
queue-empty = Nothing is waiting.
delivery-kind-webhook = Webhook
delivery-kind-websub = Hub subscriber
delivery-kind-hub = Publication to the WebSub hub
delivery-kind-intent = Hub intent check
delivery-kind-email = E-mail
delivery-status-pending = Pending
delivery-status-delivered = Delivered
delivery-status-dead = Dead letter
delivery-latency = { $ms } ms
delivery-retry = Retry
replay-title = Replay events
replay-intro = Queues again the events written in the period (to its end, or to now) for today's subscribers. Events keep their IDs, so a receiver can drop those it already has. Times are in UTC.
replay-every-topic = Every topic
replay-every-subscriber = Every subscriber
replay-submit = Replay events
replay-queued = { $count ->
        [0] No delivery was queued: no event of that period has a subscriber.
        [one] { $count } delivery was queued.
       *[other] { $count } deliveries were queued.
    }
websub-title = Hub subscriptions
websub-intro = Subscribers of the built-in WebSub hub, after their callback confirmed the request.
websub-empty = No subscriber yet.
websub-expired = Expired
notifications-title = Notifications
notifications-mark-all = Mark all as read
notifications-all-read = You have read all your notifications.
notifications-new = New
notifications-empty = No notification yet.
audit-export-jsonl = Export these rows as JSON Lines
error-PMS_EVT_001 = This topic does not exist.
error-PMS_EVT_002 = Give an absolute http or https URL, without a user name or password.
error-PMS_EVT_003 = Callbacks on this host may not subscribe.
error-PMS_EVT_004 = The mode must be subscribe or unsubscribe.
error-PMS_EVT_005 = This webhook does not exist.
error-PMS_EVT_006 = This delivery does not exist, or it cannot be sent again.
error-PMS_EVT_007 = The secret must be 16 to 200 characters.
error-PMS_EVT_008 = The start of the period must be before its end.

email-device-approved-subject = Your { $kind ->
        [sbi] SBI
        [chip] FTM chip
       *[device] device
    } { $item } was approved
email-device-approved-body =
    Hello { $name },

    The Partner Admin approved the { $kind ->
        [sbi] SBI
        [chip] FTM chip
       *[device] device
    } { $item } of partner { $partnerId }.
    Comment: { $reason }

email-device-rejected-subject = Your { $kind ->
        [sbi] SBI
        [chip] FTM chip
       *[device] device
    } { $item } was not approved
email-device-rejected-body =
    Hello { $name },

    The Partner Admin rejected the { $kind ->
        [sbi] SBI
        [chip] FTM chip
       *[device] device
    } { $item } of partner { $partnerId }.
    Reason: { $reason }

email-sbi-expiring-subject = SBI { $version } of partner { $partnerId } expires in { $days } days
email-sbi-expiring-body =
    Hello { $name },

    The secure biometric interface { $version } of partner { $partnerId } expires on { $expires }. Register its successor at { $portal } before then; devices of an expired SBI cannot be approved.

email-chip-certificate-expiring-subject = The certificate of FTM chip { $item } expires in { $days } days
email-chip-certificate-expiring-body =
    Hello { $name },

    The certificate of the FTM chip { $item } of partner { $partnerId } expires on { $expires }. Upload a new certificate at { $portal } before then.

# Device providers, FTM providers and the Partner Admin's approvals.
nav-approvals = Approvals
nav-sbis = SBIs
nav-devices = Devices
nav-chips = FTM chips
status-approved = Approved
status-pending-cert-upload = Waiting for the chip certificate
card-devices-text = Register SBI versions and add the devices that work with them.
card-device-list = Devices
card-device-list-text = Every device of your SBIs, with its status.
card-ftm-text = Register FTM chips and upload their certificates.
field-sbi-id = SBI ID
field-sbi-version = SBI version
field-sbi-hash = SBI binary hash
field-sbi-created = SBI created on
field-sbi-expiry = SBI expires on
field-sbi-expiry-status = Expiry
field-submitted = Submitted
field-devices = Devices
field-device-id = Device ID
field-device-type = Device type
field-device-sub-type = Device subtype
field-make = Make
field-model = Model
field-chip-id = FTM chip ID
sbis-title = Secure biometric interfaces
sbis-intro = Each SBI version is approved by the Partner Admin before devices can be added to it.
sbi-new = Add an SBI
sbi-new-intro = Register a version of your secure biometric interface. The Partner Admin approves it before you can add devices.
sbi-submit = Submit for approval
sbi-empty-hint = Add your first SBI.
sbi-valid = Valid
sbi-expired = Expired
sbi-expiry-hint = The SBI can be used until the end of this day (UTC), at most 10 years from today.
sbi-date-invalid = Give a date as year-month-day, for example 2030-12-31.
sbi-device-counts = { $approved } approved
sbi-device-counts-pending = { $pending } waiting
sbi-page-title = SBI
sbi-deactivate = Deactivate the SBI
sbi-devices = Devices of this SBI
sbi-no-devices = No device yet.
sbi-add-device = Add a device
sbi-add-device-submit = Submit the device for approval
sbi-add-pending = Devices can be added once the Partner Admin has approved this SBI.
sbi-add-expired = This SBI has expired: no device can be added to it.
sbi-add-closed = This SBI is no longer active: no device can be added to it.
sbi-history = History
sbi-approve-title = Approve the SBI
sbi-reject-title = Reject the SBI
sbi-deactivate-title = Deactivate the SBI
sbi-deactivate-cascade = Its devices stop with it: { $approved } approved devices will be deactivated and { $pending } devices waiting for approval will be rejected.
device-decision-told = The provider is told of the decision, with the reason, by e-mail and in its notifications.
device-reason-hint = The provider reads this reason.
device-reject-reason-required = Say why, so that the provider can correct it.
device-no-sbi = No SBI
devices-title = Devices
devices-intro = Devices are added from the page of an approved SBI.
devices-empty-hint = Add devices from the page of an approved SBI.
devices-no-partner = Your login has no device provider partner yet.
devices-no-approved-partner = None of your device provider partners is approved yet.
device-approve-title = Approve the device
device-reject-title = Reject the device
device-deactivate-title = Deactivate the device
chips-title = FTM chips
chips-no-partner = Your login has no FTM provider partner yet.
chips-no-approved-partner = None of your FTM provider partners is approved yet.
chip-new = Add an FTM chip
chip-new-intro = Register a chip make and model, then upload its certificate; the Partner Admin approves it.
chip-submit = Add the chip
chip-empty-hint = Add your first FTM chip.
chip-page-title = FTM chip
chip-deactivate = Deactivate the chip
chip-needs-certificate = Upload the chip's certificate: the Partner Admin decides once it is there.
chip-certificate = Chip certificate
chip-upload-intro = The certificate must be issued by a CA of the FTM trust store to your organisation. Every upload is a new version, and the chip waits for approval again.
chip-approve-title = Approve the FTM chip
chip-reject-title = Reject the FTM chip
chip-deactivate-title = Deactivate the FTM chip
chip-deactivate-notice = A deactivated chip cannot be used again and its certificate can no longer be downloaded.
approvals-title = Waiting for your decision
approvals-total = { $count ->
        [0] Nothing waits for a decision.
        [one] { $count } item waits for a decision.
       *[other] { $count } items wait for a decision.
    }
approvals-none = Nothing waits here.
approvals-see-all = See the whole list ({ $count })
approvals-partners = Partners
approvals-policy-requests = Policy requests
approvals-sbis = SBIs
approvals-devices = Devices
approvals-chips = FTM chips
dashboard-approvals-pending = items waiting for a decision
flash-sbi-created = The SBI has been submitted. The Partner Admin decides.
flash-sbi-approve = The SBI has been approved; the provider has been told.
flash-sbi-reject = The SBI has been rejected; the provider reads the reason.
flash-sbi-deactivate = The SBI has been deactivated, and its devices with it.
flash-device-added = The device has been submitted. The Partner Admin decides.
flash-device-approve = The device has been approved; the provider has been told.
flash-device-reject = The device has been rejected; the provider reads the reason.
flash-device-deactivate = The device has been deactivated.
flash-chip-created = The chip has been added. Upload its certificate now.
flash-chip-certificate-uploaded = The chip certificate has been accepted and signed by the platform. The Partner Admin decides.
flash-chip-approve = The FTM chip has been approved; the provider has been told.
flash-chip-reject = The FTM chip has been rejected; the provider reads the reason.
flash-chip-deactivate = The FTM chip has been deactivated.
error-PMS_AUT_512 = This partner already has an SBI of this version.
error-PMS_AUT_514 = The creation date cannot be in the future.
error-PMS_AUT_508 = The expiry date must be after today.
error-PMS_AUT_003 = This device make and model is already registered.
error-PMP_AUT_032 = This chip make and model is already registered.
error-PMS_DEVICE_ERROR_019 = This SBI belongs to another partner.
error-PMS_DEVICE_ERROR_016 = This device belongs to another partner.
error-PMS_FTM_ERROR_006 = This FTM chip belongs to another partner.

## OIDC clients and MISP licences

nav-oidc-clients = OIDC clients
nav-misp-licences = MISP licences
card-auth-services-text = Register the OIDC clients that sign residents in through eSignet.
card-misp-text = Get the licence key ID Authentication checks on your requests.
clients-title = OIDC clients
client-new = New OIDC client
client-new-intro = The client is registered for one of your approved Auth policies; its claims and authentication methods follow from that policy.
clients-no-grant = A client needs an approved Auth policy.
clients-empty-hint = Create one for an approved Auth policy.
client-edit = Edit the OIDC client
client-submit = Create client
client-page-title = OIDC client
client-status-ACTIVE = Active
client-status-INACTIVE = Inactive
client-id-copy = Copy
client-id-copied = Client id copied.
client-key-hint = The client's public key as a JWK (RSA, EC P-256 or P-384, or Ed25519), for example {"{"}"kty": "RSA", "n": "…", "e": "AQAB"{"}"}. The client id is derived from it.
client-redirect-hint = One to five URIs, one per line.
client-not-active = This client is already inactive.
client-deactivate-title = Deactivate the OIDC client
client-deactivate-message = { $name } will stop signing anyone in. This cannot be undone.
field-client-name = Client name
field-client-id = Client id
field-auth-policy = Auth policy
field-public-key = Public key (JWK)
field-logo-uri = Logo URL
field-redirect-uris = Redirect URIs
field-grant-type = Grant type
field-auth-method = Client authentication
field-claims = Claims
field-acrs = Authentication context references
flash-client-created = The OIDC client has been created.
flash-client-updated = The OIDC client has been updated.
flash-client-deactivated = The OIDC client has been deactivated.
licences-title = MISP licences
licences-intro = ID Authentication accepts requests forwarded by a MISP only with a valid licence key.
licence-generate = Generate the licence of { $name }
licence-reveal = Show key
licence-key-title = Licence key
licence-key-warning = Keep this key secret; anyone holding it can forward requests as this MISP.
licence-key-label = Licence key of { $name }
licence-state-active = Active
licence-state-expired = Expired
licence-state-deactivated = Deactivated
licence-already = The licence is already in that state.
licence-activate-title = Activate the licence
licence-activate-message = The licence of { $name } will be accepted again.
licence-deactivate-title = Deactivate the licence
licence-deactivate-message = Requests carrying the licence of { $name } will be refused.
field-licence-key = Licence key
flash-licence-activated = The licence has been activated.
flash-licence-deactivated = The licence has been deactivated.
error-PMS_ESI_001 = A client with this public key is already registered.
error-PMS_ESI_002 = The request for this policy is not approved yet.
error-PMS_ESI_003 = This policy has mandatory authentication types; no client can be created for it.
error-PMS_ESI_005 = No claim of eSignet matches the KYC attributes of this policy.
error-PMS_ESI_006 = No authentication context of eSignet matches the authentication types of this policy.
error-PMS_ESI_007 = The public key is not a usable JWK (RSA of 2048 bits or more, EC P-256 or P-384, or Ed25519).
error-PMS_ESI_008 = This client is already inactive.
error-PMS_OIDC_001 = eSignet could not be reached; nothing was changed. Try again later.
error-PMS_MSP_416 = This MISP already holds a licence.
error-invalid_redirect_uri = Each redirect URI must be an absolute URI without a fragment.
error-invalid_grant_type = This grant type is not offered.
error-invalid_client_auth = This client authentication method is not offered.

# Login through an external OpenID provider
audit-action-user-provision = User created from the identity provider
audit-action-user-roles-sync = Roles taken from the identity provider
audit-do-user-provision = { $entity } logged in through the identity provider for the first time
audit-do-user-roles-sync = The identity provider changed the roles of { $entity }
login-external = Log in with { $name }
login-or = or
audit-action-oidc-initial-token-issue = Initial access token issued
audit-do-oidc-initial-token-issue = { $actor } issued initial access token { $entity } for registering a client

# RFC 7591 initial access tokens
registration-token-title = Client registration token
registration-token-intro = Lets this partner's tooling register one OIDC client (RFC 7591) without a user's login. It is shown once and spent by the registration.
field-validity-days = Valid for (days)
registration-token-issue = Issue a registration token
registration-token-issued-title = Registration token issued
registration-token-label = Registration token for { $partner }
registration-token-endpoint = Registration endpoint
registration-token-use = Give it to the partner over a safe channel: their tool sends it as the bearer token of one POST to the registration endpoint.
registration-token-days-invalid = Choose from 1 to 90 days.
error-PMS_USR_008 = This user logs in through the identity provider; PMS keeps no password for them.
error-PMS_AUTH_003 = Passwords are not accepted here; log in through the identity provider.
error-PMS_AUTH_005 = A local user already has the name the identity provider gives; an administrator must link them.
