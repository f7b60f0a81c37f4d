nav-logout = Log out
