using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmtpServer;
using SmtpServer.Protocol;

namespace DynamicMail.Smtp.Ingest;

/// <summary>Runs the MX listener until the host stops.</summary>
internal sealed class SmtpIngestService(
    IOptions<SmtpOptions> smtpOptions, DomainMailboxFilter filter, QueueMessageStore store, ILogger<SmtpIngestService> logger) : BackgroundService
{
    private readonly ConversationListenerFactory _listeners = new(smtpOptions.Value);

    /// <summary>The endpoint the MX listens on, once bound.</summary>
    public Task<IPEndPoint> Bound => _listeners.Bound;

    /// <summary>SMTP sessions open now.</summary>
    public int OpenSessions => _listeners.Connections.Open;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = smtpOptions.Value;
        var server = new SmtpServer.SmtpServer(BuildOptions(options), BuildServices(options));
        server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
        {
            if (c.Command is EhloCommand ehlo) { c.Context.Properties[QueueMessageStore.HeloKey] = ehlo.DomainOrAddress; }
            else if (c.Command is HeloCommand helo) { c.Context.Properties[QueueMessageStore.HeloKey] = helo.DomainOrAddress; }
            else if (c.Command is MailCommand mail) { c.Context.Properties[DomainMailboxFilter.MailParametersKey] = mail.Parameters; }
        };
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

    private static ISmtpServerOptions BuildOptions(SmtpOptions options) => new SmtpServerOptionsBuilder()
        .ServerName(options.EffectiveHostname)
        .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port)).SessionTimeout(options.MaxSessionDuration))
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
