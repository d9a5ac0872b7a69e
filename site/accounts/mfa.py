from allauth.mfa.adapter import DefaultMFAAdapter


class MFAAdapter(DefaultMFAAdapter):
    """The authenticator app's QR code comes from the site's one QR helper (website.core.qr):
    a regular QR code with a white quiet zone, like every other QR code of the site."""

    def build_totp_svg(self, url: str) -> str:
        from website.core.qr import qr_svg

        return str(qr_svg(url))
