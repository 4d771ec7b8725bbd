using System.Text;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Smtp.Odmr;

/// <summary>One AUTH exchange (RFC 4954): CRAM-MD5 anywhere, PLAIN and LOGIN only inside TLS.</summary>
internal sealed class OdmrAuthDialogue(OdmrServices services, LineChannel channel, System.Net.IPAddress client, bool secure)
{
    /// <summary>The final reply to send.</summary>
    public string Reply { get; private set; } = "535 5.7.8 Authentication credentials invalid";

    public async Task<CustomerDomain?> RunAsync(string argument, CancellationToken cancellationToken)
    {
        var parts = argument.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var mechanism = parts.Length > 0 ? parts[0].ToUpperInvariant() : "";
        var initial = parts.Length > 1 ? parts[1] : null;
        if (mechanism is "PLAIN" or "LOGIN" && !secure)
        {
            Reply = "538 5.7.11 Encryption required for requested authentication mechanism";
            return null;
        }
        var (user, login) = mechanism switch
        {
            "CRAM-MD5" => await CramMd5Async(cancellationToken).ConfigureAwait(false),
            "PLAIN" => await PlainAsync(initial, cancellationToken).ConfigureAwait(false),
            "LOGIN" => await LoginAsync(initial, cancellationToken).ConfigureAwait(false),
            _ => (null, null),
        };
        if (mechanism is not ("CRAM-MD5" or "PLAIN" or "LOGIN"))
        {
            Reply = "504 5.5.4 Unrecognized authentication type";
            return null;
        }
        if (Reply.StartsWith("501", StringComparison.Ordinal) || Reply.StartsWith("454", StringComparison.Ordinal)) { return null; }
        Reply = login is null ? "535 5.7.8 Authentication credentials invalid" : "235 2.7.0 Authentication successful";
        return login;
    }

    private async Task<(string?, CustomerDomain?)> CramMd5Async(CancellationToken cancellationToken)
    {
        var challenge = CramMd5.Challenge(services.Hostname);
        var response = await AskAsync(Convert.ToBase64String(Encoding.ASCII.GetBytes(challenge)), cancellationToken).ConfigureAwait(false);
        if (response is null || !CramMd5.TryParse(response, out var user, out var digest))
        {
            return (null, null);
        }
        return (user, Throttled(user, () => services.Authenticator.CramMd5(challenge, user, digest)));
    }

    private async Task<(string?, CustomerDomain?)> PlainAsync(string? initial, CancellationToken cancellationToken)
    {
        var response = initial is null ? await AskAsync("", cancellationToken).ConfigureAwait(false) : Decode(initial);
        var fields = response?.Split('\0');
        if (fields is not { Length: 3 })
        {
            Reply = response is null ? Reply : "501 5.5.2 Malformed PLAIN response";
            return (null, null);
        }
        return (fields[1], Throttled(fields[1], () => services.Authenticator.Password(fields[1], fields[2])));
    }

    private async Task<(string?, CustomerDomain?)> LoginAsync(string? initial, CancellationToken cancellationToken)
    {
        var user = initial is null ? await AskAsync("VXNlcm5hbWU6", cancellationToken).ConfigureAwait(false) : Decode(initial);
        var password = user is null ? null : await AskAsync("UGFzc3dvcmQ6", cancellationToken).ConfigureAwait(false);
        return user is null || password is null ? (user, null) : (user, Throttled(user, () => services.Authenticator.Password(user, password)));
    }

    /// <summary>Counts the attempt (address and account, shared with the web login) before the secret is checked.</summary>
    private CustomerDomain? Throttled(string user, Func<CustomerDomain?> verify)
    {
        var account = services.Authenticator.AccountOf(user);
        if (!services.Throttle.TryBegin(client, account))
        {
            Reply = "454 4.7.0 Too many failed logins; try again later";
            return null;
        }
        var login = verify();
        if (login is not null)
        {
            services.Throttle.Succeeded(client, account);
        }
        return login;
    }

    /// <summary>A 334 continuation and the client's decoded answer; null (with the reply set) when cancelled or malformed.</summary>
    private async Task<string?> AskAsync(string challenge, CancellationToken cancellationToken)
    {
        await channel.WriteAsync("334 " + challenge, cancellationToken).ConfigureAwait(false);
        var line = await channel.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line is null or "*")
        {
            Reply = "501 5.7.0 Authentication cancelled";
            return null;
        }
        var decoded = Decode(line);
        if (decoded is null) { Reply = "501 5.5.2 Cannot decode the response"; }
        return decoded;
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
