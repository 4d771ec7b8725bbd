namespace DynamicMail.Bench;

/// <summary>
/// The peer: Debian's Postfix ("Local only") made a relay for the benchmark domain. The domain's transport is
/// "relay:[127.0.0.1]:sink"; deferring the relay transport keeps everything queued, like a customer offline.
/// </summary>
internal static class Postfix
{
    private static readonly string[] QueueDirs = ["incoming", "active", "deferred", "maildrop", "hold"];

    public static async Task ConfigureAsync()
    {
        await Proc.CheckAsync("postconf", "-e " + string.Join(' ',
            "relay_domains=" + DynamicMailService.Domain,
            $"\"transport_maps=inline:{{{DynamicMailService.Domain}=relay:[127.0.0.1]:{Settings.SinkPort}}}\"",
            "message_size_limit=36700160",
            "defer_transports=relay"));
        var status = await Proc.RunAsync("postfix", "status");
        await Proc.CheckAsync("postfix", status.ExitCode == 0 ? "reload" : "start");
        await Task.Delay(1000);
    }

    /// <summary>Empties the queue and defers the relay again (customer offline).</summary>
    public static async Task ResetAsync()
    {
        await Proc.RunAsync("postsuper", "-d ALL");
        await SetDeferredAsync(true);
        while (QueuedCount() > 0) { await Task.Delay(100); }
    }

    public static async Task SetDeferredAsync(bool deferred)
    {
        await Proc.CheckAsync("postconf", "-e defer_transports=" + (deferred ? "relay" : ""));
        await Proc.CheckAsync("postfix", "reload");
    }

    /// <summary>Customer online: stop deferring and flush the deferred queue.</summary>
    public static async Task ReleaseAsync()
    {
        await SetDeferredAsync(false);
        await Proc.CheckAsync("postqueue", "-f");
    }

    public static int QueuedCount() =>
        QueueDirs.Sum(d => Directory.Exists("/var/spool/postfix/" + d)
            ? Directory.EnumerateFiles("/var/spool/postfix/" + d, "*", SearchOption.AllDirectories).Count()
            : 0);

    /// <summary>Waits until Postfix has filed every message of the load (cleanup runs after smtpd's 250).</summary>
    public static async Task WaitQueuedAsync(int expected)
    {
        for (var i = 0; i < 300 && QueuedCount() < expected; i++) { await Task.Delay(100); }
    }
}
