## E-mails. The verification code stays alone on its line.

email-otp-subject = Your PMS verification code
email-otp-body =
    Hello { $name },

    Use this code to confirm your e-mail address and finish your registration:

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
