from tests.matrix import LOGIN, REDIRECT, Row, public, signed_in

# allauth's pages: public by nature. Signed-in people are sent on from log-in and sign-up.
ANON_ONLY = {**signed_in(REDIRECT), "anonymous": 200}  # every signed-in role, also new ones

ROWS = [
    Row("home", public()),
    Row("healthz", public()),
    Row("readyz", public()),
    Row("favicon", public(301)),
    Row("set_language", public(REDIRECT)),
    Row("accounts:profile", signed_in()),
    Row("accounts:profile_export", signed_in()),
    Row("accounts:account_delete", signed_in()),
    Row("account_login", ANON_ONLY),
    Row("account_signup", ANON_ONLY),
    Row(
        "account_logout",
        {**signed_in(200), "anonymous": REDIRECT},
    ),
    Row("account_change_password", signed_in()),
    Row("account_set_password", signed_in(REDIRECT)),
    Row("account_inactive", public()),
    Row("account_email", signed_in()),
    Row("account_email_verification_sent", public()),
    Row("account_confirm_email", public(), kwargs={"key": "not-a-real-key"}),
    Row("account_reset_password", public()),
    Row("account_reset_password_done", public()),
    Row(
        "account_reset_password_from_key",
        public(),
        kwargs={"uidb36": "zz", "key": "not-a-real-key"},
    ),
    Row("account_reset_password_from_key_done", public()),
    Row("account_reauthenticate", signed_in()),
    Row("account_confirm_login_code", public(REDIRECT, anonymous=LOGIN)),
    # The Django admin: staff only; everyone else is sent to the admin's own log-in.
    Row("admin:index", public(REDIRECT, admin=200)),
]

__all__ = ["ROWS", "LOGIN"]
