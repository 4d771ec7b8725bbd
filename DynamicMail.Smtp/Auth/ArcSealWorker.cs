using System.Runtime.InteropServices;
using System.Threading.Channels;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Queue;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamicMail.Smtp.Auth;

/// <summary>
/// Seals newly queued messages on one thread of its own at the lowest CPU priority (nice 19 on Linux, <see cref="AuthOptions.SealerNice"/>), so the seal's
/// signatures use idle CPU and never slow a sender waiting for its 250 or a delivery; a batch of seals is stored in one
/// write (see <see cref="IMailQueue.AttachSealsAsync"/>). Messages it has not reached yet (it is behind, the list is
/// full, or they were queued before a restart) are sealed when delivered. A lost seal is only made again.
/// </summary>
internal sealed partial class ArcSealWorker(
    IMailEvents events, IMailQueue queue, ArcSealing sealing, IOptions<AuthOptions> options, ILogger<ArcSealWorker> logger) : BackgroundService
{
    /// <summary>Larger messages are sealed when delivered: they are read from their spool file then anyway.</summary>
    public const long MaxSize = 1024 * 1024;
    private const int Batch = 50;
    private const int Waiting = 100_000;

    private readonly Channel<string> _ids = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Waiting) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!sealing.Enabled || !options.Value.SealInBackground)
        {
            return Task.CompletedTask;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = events.Subscribe(e =>
        {
            if (e is MessageQueued q && q.Size <= MaxSize)
            {
                _ids.Writer.TryWrite(q.MessageId);
            }
        });
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The background sealer stopped; messages are sealed when delivered");
            }
            finally
            {
                subscription.Dispose();
                done.TrySetResult();
            }
        }) { IsBackground = true, Name = "arc-seal" };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken stop)
    {
        Idle.LowerThisThread(options.Value.SealerNice, logger);
        var seals = new List<(string Id, byte[] Seal)>(Batch);
        while (!stop.IsCancellationRequested)
        {
            if (!_ids.Reader.WaitToReadAsync(stop).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
            seals.Clear();
            while (seals.Count < Batch && _ids.Reader.TryRead(out var id))
            {
                if (SealOne(id, stop) is { } seal)
                {
                    seals.Add((id, seal));
                }
            }
            Store(seals);
        }
    }

    private byte[]? SealOne(string id, CancellationToken stop)
    {
        try
        {
            var message = queue.FindAsync(id, stop).GetAwaiter().GetResult();
            if (message is null || !sealing.Wanted(message) || message.Recipients.Exists(r => r.State == RecipientState.Delivering))
            {
                return null; // gone, not checked at the door, or being delivered (and sealed) right now
            }
            using var content = queue.OpenContentAsync(message, stop).GetAwaiter().GetResult();
            var first = new byte[16];
            var read = content.ReadAtLeast(first, first.Length, throwOnEndOfStream: false);
            if (ArcSealing.IsSealed(first.AsSpan(0, read)))
            {
                return null;
            }
            content.Position = 0;
            return sealing.Seal(message, content, stop);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotSealed(logger, id, ex.Message);
            return null;
        }
    }

    private void Store(List<(string Id, byte[] Seal)> seals)
    {
        if (seals.Count == 0)
        {
            return;
        }
        try
        {
            queue.AttachSealsAsync(seals).GetAwaiter().GetResult();
            sealing.CountStored(seals.Count);
        }
        catch (Exception ex)
        {
            LogNotStored(logger, seals.Count, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {QueueId} not sealed in the background ({Reason}); it is sealed when delivered")]
    private static partial void LogNotSealed(ILogger logger, string queueId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} ARC seals could not be stored ({Reason}); those messages are sealed when delivered")]
    private static partial void LogNotStored(ILogger logger, int count, string reason);

    /// <summary>The calling thread at a lower CPU priority: on Linux a thread has its own nice value.</summary>
    private static partial class Idle
    {
        public static void LowerThisThread(int nice, ILogger logger)
        {
            if (!OperatingSystem.IsLinux() || nice == 0)
            {
                return;
            }
            try
            {
                if (SetPriority(0, GetTid(), nice) != 0)
                {
                    logger.LogDebug("Could not lower the sealing thread's priority (errno {Errno})", Marshal.GetLastPInvokeError());
                }
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
                logger.LogDebug("Could not lower the sealing thread's priority: {Reason}", ex.Message);
            }
        }

        [LibraryImport("libc", EntryPoint = "gettid")]
        private static partial int GetTid();

        [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
        private static partial int SetPriority(int which, int who, int priority);
    }
}
