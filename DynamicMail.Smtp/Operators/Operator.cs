namespace DynamicMail.Smtp.Operators;

/// <summary>A person who runs the service from the console.</summary>
public sealed class Operator
{
    /// <summary>Login name, lower case; also the document id.</summary>
    [LiteDB.BsonId]
    public string Username { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }

    /// <summary>Changes with the password, disabling and logout: console sessions carry it.</summary>
    public string SecurityStamp { get; set; } = "";
}
