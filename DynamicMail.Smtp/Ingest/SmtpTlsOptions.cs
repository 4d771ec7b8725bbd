namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// STARTTLS on the MX ("DynamicMail:Smtp:Tls"). A PEM pair (as certbot writes them) or a PFX; with neither, a
/// self-signed certificate for the hostname is made once and kept in the data folder.
/// </summary>
public sealed class SmtpTlsOptions
{
    /// <summary>Offer STARTTLS (default). Off only for a listener behind something that does TLS itself.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>PEM certificate (chain) file, or a PFX/PKCS#12 file when <see cref="KeyPath"/> is empty.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key file for <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PFX or of an encrypted PEM key; pass it by environment variable.</summary>
    public string? Password { get; set; }
}
