using System.Collections.Concurrent;
using System.Net;

namespace DynamicMail.Tests.TestSupport;

/// <summary>
/// Parallel SMTP senders that keep going through kills and restarts: each reconnects when its connection breaks
/// and records the queue id of every message the server acknowledged with 250.
/// </summary>
public sealed class SmtpLoad(IPEndPoint server, int clients, string recipient) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _clients = [];
    private int _sent;

    public ConcurrentBag<string> Acknowledged { get; } = [];

    /// <summary>Messages whose final reply never came (the server died in between): they may or may not be stored.</summary>
    public int Unanswered => Volatile.Read(ref _sent) - Acknowledged.Count;

    public void Start()
    {
        for (var i = 0; i < clients; i++)
        {
            var client = i;
            _clients.Add(Task.Run(() => RunAsync(client)));
        }
    }

    private async Task RunAsync(int client)
    {
        var seq = 0;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var smtp = await SmtpDialogue.ConnectAsync(server);
                await smtp.SendAsync("EHLO load.example");
                while (!_stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _sent);
                    var reply = await smtp.SendMessageAsync($"load{client}@sender.example", [recipient], $"Subject: load {client}-{seq++}\r\n\r\n{new string('m', 2000)}");
                    if (reply.StartsWith("250", StringComparison.Ordinal))
                    {
                        Acknowledged.Add(QueueReading.QueueId(reply));
                    }
                }
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                // The server was killed mid-conversation: whatever was not acknowledged is the sender's to retry.
                await Task.Delay(20);
            }
            catch (Exception)
            {
                return;
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
