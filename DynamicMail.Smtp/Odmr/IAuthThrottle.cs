namespace DynamicMail.Smtp.Odmr;

/// <summary>Failed logins from one address (and for one login) are limited; the web login and ODMR share it.</summary>
public interface IAuthThrottle
{
    /// <summary>False when this address (or this login, when known) may not try now.</summary>
    bool MayTry(string address, string? login);

    /// <summary>Records the outcome of one attempt.</summary>
    void Record(string address, string? login, bool succeeded);
}

/// <summary>No limit: the engine alone (tests, tools); the web host provides the real one.</summary>
internal sealed class NoAuthThrottle : IAuthThrottle
{
    public bool MayTry(string address, string? login) => true;

    public void Record(string address, string? login, bool succeeded)
    {
    }
}
