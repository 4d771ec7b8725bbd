using System.Net.Security;
using System.Security.Authentication;
using System.Text;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Ingest;
using DynamicMail.Smtp.Queue;

namespace DynamicMail.Smtp.Odmr;

/// <summary>
/// One ODMR conversation (RFC 2645) up to the turn: EHLO, STARTTLS, AUTH (CRAM-MD5 always; PLAIN and LOGIN only
/// inside TLS), ATRN. No pipelining is offered; anything sent after STARTTLS before the handshake is discarded.
/// </summary>
internal sealed class OdmrSession(OdmrServices services, Stream network, System.Net.IPAddress client)
{
    private readonly LineChannel _channel = new(network, 2048, services.Options.IdleTimeout);
    private readonly string _host = services.Hostname;
    private CustomerDomain? _login;
    private bool _greeted;
    private int _errors;

    private bool Secure => _channel.Stream is SslStream;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _channel.WriteAsync($"220 {_host} ESMTP DynamicMail ODMR ready", cancellationToken).ConfigureAwait(false);
        while (await _channel.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            var (verb, argument) = Split(line);
            var reply = verb switch
            {
                "EHLO" => Ehlo(argument),
                "HELO" => Helo(),
                "NOOP" or "RSET" => "250 2.0.0 OK",
                "QUIT" => "221 2.0.0 Bye",
                "STARTTLS" => await StartTlsAsync(cancellationToken).ConfigureAwait(false),
                "AUTH" => await AuthAsync(argument, cancellationToken).ConfigureAwait(false),
                "ATRN" => Atrn(argument),
                _ when line == LineChannel.TooLong => "500 5.5.6 Line too long",
                _ => "502 5.5.1 Command not recognized",
            };
            if (reply is null)
            {
                return; // the TLS handshake failed
            }
            if (reply.Length == 0)
            {
                continue; // STARTTLS: its 220 went before the handshake
            }
            await _channel.WriteAsync(reply, cancellationToken).ConfigureAwait(false);
            if (verb == "QUIT") { return; }
            if (reply.StartsWith("250 2.0.0 OK now reversing", StringComparison.Ordinal))
            {
                await services.Turn.RunAsync(_login!, _channel.Stream, client.ToString(), cancellationToken).ConfigureAwait(false);
                return;
            }
            if (!await CountAsync(reply, cancellationToken).ConfigureAwait(false)) { return; }
        }
    }

    private async Task<bool> CountAsync(string reply, CancellationToken cancellationToken)
    {
        _errors = reply[0] is '4' or '5' ? _errors + 1 : 0;
        if (_errors < 10) { return true; }
        await _channel.WriteAsync($"421 4.7.0 {_host} Too many errors, closing connection", cancellationToken).ConfigureAwait(false);
        return false;
    }

    private static (string Verb, string Argument) Split(string line)
    {
        var space = line.IndexOf(' ');
        return space < 0 ? (line.ToUpperInvariant(), "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
    }

    private string Ehlo(string argument)
    {
        _greeted = true;
        var lines = new List<string> { $"{_host} Hello {(argument.Length > 0 ? argument : "client")}", "ENHANCEDSTATUSCODES", "ATRN" };
        lines.Add(Secure ? "AUTH CRAM-MD5 PLAIN LOGIN" : "AUTH CRAM-MD5");
        if (!Secure && services.Certificates is not null) { lines.Add("STARTTLS"); }
        return string.Join("\r\n", lines.Select((l, i) => (i == lines.Count - 1 ? "250 " : "250-") + l));
    }

    private string Helo()
    {
        _greeted = true;
        return $"250 {_host}";
    }

    private async Task<string?> StartTlsAsync(CancellationToken cancellationToken)
    {
        if (Secure || services.Certificates is null) { return "503 5.5.1 TLS not available"; }
        await _channel.WriteAsync("220 2.0.0 Ready to start TLS", cancellationToken).ConfigureAwait(false);
        var tls = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = services.Certificates.Current,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        _channel.Secure(tls); // RFC 3207: what was pipelined in clear is discarded; state starts over
        (_login, _greeted) = (null, false);
        return "";
    }

    private async Task<string> AuthAsync(string argument, CancellationToken cancellationToken)
    {
        if (!_greeted) { return "503 5.5.1 Send EHLO first"; }
        if (_login is not null) { return "503 5.5.1 Already authenticated"; }
        var auth = new OdmrAuthDialogue(services, _channel, client, Secure);
        _login = await auth.RunAsync(argument, cancellationToken).ConfigureAwait(false);
        if (auth.Reply.StartsWith("535", StringComparison.Ordinal))
        {
            services.Metrics.RecordRefusal("auth");
        }
        return auth.Reply;
    }

    private string Atrn(string argument)
    {
        if (_login is null) { return "530 5.7.0 Authentication required"; }
        var asked = argument.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (asked.Any(d => !string.Equals(d.TrimEnd('.'), _login.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return "450 4.7.0 You may only collect mail for " + _login.Name;
        }
        var current = services.Domains.FindByName(_login.Name);
        if (current is null || current.Disabled || current.PasswordHash != _login.PasswordHash)
        {
            return "450 4.7.0 The account changed; log in again";
        }
        if (DomainHold.Active(current, services.Time.GetUtcNow().UtcDateTime) is { } hold)
        {
            // Held ("maintenance mode"): the mail stays queued; the reason is the customer's own or their provider's.
            return $"450 4.7.0 Delivery for {_login.Name} is held until {hold.Until:yyyy-MM-dd HH:mm} UTC";
        }
        return services.Queue.Summarize(_login.Name).Messages == 0
            ? "453 4.7.0 No messages waiting for " + _login.Name
            : "250 2.0.0 OK now reversing the connection";
    }
}
