namespace DynamicMail.Smtp.Bounces;

/// <summary>Where mail for a domain goes (RFC 5321 §5.1).</summary>
public interface IMxResolver
{
    Task<MxRoute> ResolveAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>Hosts to try in order; or why the domain cannot take mail now (<see cref="Permanent"/>) or later.</summary>
public sealed record MxRoute(IReadOnlyList<string> Hosts, string? Error = null, bool Permanent = false);
