using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using SmtpServer;
using SmtpServer.Net;

namespace DynamicMail.Smtp.Ingest;

/// <summary>
/// One log line per SMTP session, in the spirit of Postfix's: client, HELO, TLS, queue ids accepted, refusals,
/// duration and how it ended. Never a body or a password (AUTH is never accepted here).
/// </summary>
internal static class SessionSummary
{
    private const string StartedKey = "DynamicMail:SessionStarted";
    private const string QueuedKey = "DynamicMail:SessionQueued";
    private const string RefusedKey = "DynamicMail:SessionRefused";

    public static void Started(ISessionContext context) => context.Properties[StartedKey] = Stopwatch.GetTimestamp();

    public static void Queued(ISessionContext context, IEnumerable<string> ids)
    {
        lock (context.Properties)
        {
            if (context.Properties.TryGetValue(QueuedKey, out var q) && q is List<string> list) { list.AddRange(ids); }
            else { context.Properties[QueuedKey] = ids.ToList(); }
        }
    }

    public static void Refused(ISessionContext context)
    {
        lock (context.Properties)
        {
            context.Properties[RefusedKey] = (context.Properties.TryGetValue(RefusedKey, out var r) ? (int)r : 0) + 1;
        }
    }

    public static void Ended(ILogger logger, ISessionContext context, string result)
    {
        var p = context.Properties;
        var client = (p.TryGetValue(EndpointListener.RemoteEndPointKey, out var ep) ? ep as IPEndPoint : null)?.Address.ToString() ?? "unknown";
        var helo = p.TryGetValue(QueueMessageStore.HeloKey, out var h) ? h as string : null;
        var tls = p.TryGetValue(ConversationListenerFactory.ConversationKey, out var c) ? (c as ConversationPipe)?.TlsDescription : null;
        var queued = p.TryGetValue(QueuedKey, out var q) && q is List<string> ids ? ids : [];
        var refused = p.TryGetValue(RefusedKey, out var r) ? (int)r : 0;
        var ms = p.TryGetValue(StartedKey, out var s) && s is long started ? (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds : 0;
        logger.LogInformation(
            "SMTP session client={Client} helo={Helo} tls={Tls} messages={Messages} queued={QueueIds} refused={Refused} duration_ms={DurationMs} result={Result}",
            client, helo ?? "none", tls ?? "none", queued.Count, string.Join(',', queued), refused, ms, result);
    }
}
