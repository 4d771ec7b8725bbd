namespace DynamicMail.Smtp.Operators;

/// <summary>A person who runs the service from the console.</summary>
public sealed class Operator
{
    /// <summary>Login name, lower case; also the document id.</summary>
    public string Username { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>Changes with the password, disabling and logout: console sessions carry it.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>A disabled operator cannot log in, and its sessions end.</summary>
    public bool Disabled { get; set; }

    /// <summary>Base32 TOTP key (RFC 6238) once the operator has enrolled a second factor; null otherwise.</summary>
    public string? TotpKey { get; set; }
}
