namespace DynamicMail.Smtp.Operators;

/// <summary>An automation key. Only a SHA-256 of its secret is stored; the full key is shown once, at creation.</summary>
public sealed class ApiKey
{
    /// <summary>Public part of the key ("dm_{Id}_{secret}"), used to find it.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? RevokedAt { get; set; }

    public bool Active => RevokedAt is null;
}
