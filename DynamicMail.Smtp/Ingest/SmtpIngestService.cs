using System.Net;
using System.Security.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Runs the MX listener until the host stops.</summary>
internal sealed class SmtpIngestService(
    IOptions<SmtpOptions> smtpOptions, CountingMailboxFilter filter, CountingMessageStore store, SmtpCertificates certificates,
    ILogger<SmtpIngestService> logger) : BackgroundService, IListenerHealth
{
    private readonly ConversationListenerFactory _listeners = new(smtpOptions.Value);

    /// <summary>The endpoint the MX listens on, once bound.</summary>
    public Task<IPEndPoint> Bound => _listeners.Bound;

    /// <summary>Null while the listener is bound and running; otherwise why senders cannot connect.</summary>
    public string? Problem => ExecuteTask switch
    {
        { IsFaulted: true } failed => $"The SMTP listener failed: {failed.Exception?.GetBaseException().Message}",
        { IsCompleted: true } => "The SMTP listener has stopped.",
        _ when !_listeners.Bound.IsCompletedSuccessfully => "The SMTP listener is not bound yet.",
        _ => null,
    };

    /// <summary>SMTP sessions open now.</summary>
    public int OpenSessions => _listeners.Connections.Open;

    /// <summary>Connections refused over a connection limit since start.</summary>
    public long RefusedConnections => _listeners.Connections.Refused;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = smtpOptions.Value;
        var server = new SmtpServer.SmtpServer(BuildOptions(options), BuildServices(options));
        server.SessionCreated += (_, e) =>
        {
            SessionSummary.Started(e.Context);
            e.Context.CommandExecuting += (_, c) => Remember(c.Context, c.Command);
        };
        server.SessionCompleted += (_, e) => SessionSummary.Ended(logger, e.Context, "closed");
        server.SessionFaulted += (_, e) => SessionSummary.Ended(logger, e.Context, "fault: " + e.Exception.GetBaseException().Message);
        server.SessionCancelled += (_, e) => SessionSummary.Ended(logger, e.Context, "aborted at shutdown");
        _ = _listeners.Bound.ContinueWith(t => logger.LogInformation("SMTP (MX) listening on {Endpoint} as {Hostname}", t.Result, options.EffectiveHostname),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        // Stopping: the library stops accepting and aborts sessions in flight. A message whose 250 was not sent is the
        // sender's to retry; a save already under way completes (the queue write is not cancellable), so nothing is half-stored.
        using var onStop = stoppingToken.Register(server.Shutdown);
        try
        {
            await server.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        logger.LogInformation("SMTP (MX) stopped");
    }

    /// <summary>Fails the host's start (not just this service) when the configured certificate cannot be read.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LoadCertificate(smtpOptions.Value);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>What later commands need to know: the HELO name (forgotten at STARTTLS, RFC 3207 §4.2), MAIL's parameters.</summary>
    private static void Remember(ISessionContext context, SmtpCommand command)
    {
        switch (command)
        {
            case EhloCommand ehlo: context.Properties[QueueMessageStore.HeloKey] = ehlo.DomainOrAddress; break;
            case HeloCommand helo: context.Properties[QueueMessageStore.HeloKey] = helo.DomainOrAddress; break;
            case StartTlsCommand: context.Properties.Remove(QueueMessageStore.HeloKey); break;
            case MailCommand mail: context.Properties[DomainMailboxFilter.MailParametersKey] = mail.Parameters; break;
        }
    }

    /// <summary>A configured certificate that cannot be read stops start-up, naming the setting.</summary>
    private void LoadCertificate(SmtpOptions options)
    {
        if (!options.Tls.Enabled || string.IsNullOrWhiteSpace(options.Tls.CertificatePath))
        {
            return; // a self-signed certificate is made (or read) at the first STARTTLS
        }
        try
        {
            _ = certificates.Current;
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"{SmtpOptions.Section}:Tls:CertificatePath: the STARTTLS certificate cannot be read ({ex.Message})", ex);
        }
    }

    private ISmtpServerOptions BuildOptions(SmtpOptions options) => new SmtpServerOptionsBuilder()
        .ServerName(options.EffectiveHostname)
        .Endpoint(b =>
        {
            b.Endpoint(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port)).SessionTimeout(options.MaxSessionDuration);
            if (options.Tls.Enabled)
            {
                b.Certificate(certificates).SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
            }
        })
        .MaxMessageSize(options.MaxMessageSize, MaxMessageSizeHandling.Ignore)
        .MaxRetryCount(int.MaxValue) // the session counts errors itself (ErrorCount)
        .CommandWaitTimeout(options.IdleTimeout)
        .CustomSmtpGreeting(_ => $"220 {options.EffectiveHostname} ESMTP DynamicMail")
        .Build();

    private SmtpServer.ComponentModel.ServiceProvider BuildServices(SmtpOptions options)
    {
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(_listeners);
        provider.Add(new DynamicMailCommandFactory(options));
        provider.Add(filter);
        provider.Add(store);
        return provider;
    }
}
