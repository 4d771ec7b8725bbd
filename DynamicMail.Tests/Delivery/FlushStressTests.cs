using System.Globalization;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Delivery;

/// <summary>
/// Issue #15: 2,000 messages (1–3 recipients each) flushed to a customer server that answers at random 250, 451,
/// 550 or 421, or hangs up in the middle of DATA, while the customer's page disconnects and reconnects and more mail
/// arrives. At the end every recipient was delivered exactly once or returned to its sender in a DSN; none is
/// lost, none left in a lease. The randomness is seeded (the seed is in every failure message).
/// </summary>
public sealed class FlushStressTests : HostileDeliveryTest
{
    private const int Seed = 20261202;
    private const int MessageCount = 2000;
    private readonly ChaosScript _chaos = new(Seed);

    protected override IDictionary<string, string?> Extra => new Dictionary<string, string?>
    {
        ["DynamicMail:Delivery:ConnectionsPerDomain"] = "3",
        ["DynamicMail:Delivery:RetryInterval"] = "00:00:00.020",
        ["DynamicMail:Delivery:DeferBackoff"] = "00:00:00.020",
        ["DynamicMail:Bounces:MaxPerDomainPerHour"] = "1000000",
        ["DynamicMail:Queue:DelayWarnings"] = "off",
    };

    [Fact]
    public async Task RandomRepliesHangUpsAndPresenceFlaps_EveryRecipientDeliveredOnceOrReturned_NoneLostOrLeased()
    {
        _chaos.Script(Sink);
        var recipients = new List<string>();
        await QueueAsync(0, MessageCount / 2, recipients);
        GoOnline();
        using var flapping = new CancellationTokenSource();
        var flaps = FlapPresenceAsync(flapping.Token);
        await QueueAsync(MessageCount / 2, MessageCount, recipients);

        var outbox = Engine.Services.GetRequiredService<IOutbox>();
        await Wait.Until(() => Engine.Queue.SummarizeAll().Count == 0 && outbox.Count() == 0, $"queue and outbox empty (seed {Seed}, {_chaos})", 120_000);
        await flapping.CancelAsync();
        await flaps;

        var delivered = Delivered().ToList();
        var returned = Returned().ToList();
        var twice = delivered.GroupBy(a => a).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"delivered twice (seed {Seed}): {string.Join(", ", twice.Take(10))}");
        Assert.Equal(returned.Count, returned.Distinct().Count());
        Assert.Empty(delivered.Intersect(returned));
        Assert.Equal(recipients.Order(), delivered.Concat(returned).Order());
        Assert.True(_chaos.Counts.Values.All(n => n > 0), $"every kind of trouble happened: {_chaos}");
        Assert.Contains(Sink.Messages, m => m.Content.Contains("\r\n.leading dot\r\n", StringComparison.Ordinal));
    }

    private IEnumerable<string> Delivered() => Sink.DeliveredRecipients;

    private IEnumerable<string> Returned() =>
        SmartHost.Messages.SelectMany(m => DsnReading.Parse(m.Content).PerRecipient)
            .Where(g => g["Action"] == "failed")
            .Select(g => g["Final-Recipient"]!["rfc822; ".Length..]);

    /// <summary>Eight senders queue messages [from, to) through the real MX, each with 1–3 recipients of its own.</summary>
    private async Task QueueAsync(int from, int to, List<string> recipients)
    {
        var plan = Enumerable.Range(from, to - from)
            .Select(i => (i, rcpts: Enumerable.Range(0, 1 + (i % 3)).Select(k => $"u{i}-{k}@xyz.com").ToArray())).ToList();
        recipients.AddRange(plan.SelectMany(p => p.rcpts));
        await Task.WhenAll(plan.GroupBy(p => p.i % 8).Select(async share =>
        {
            await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
            await smtp.SendAsync("EHLO sender.example");
            foreach (var (i, rcpts) in share)
            {
                var body = $"Subject: stress {i}\r\n\r\nline one of {i}\r\n..leading dot\r\nend of {i}";
                Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", rcpts, body));
            }
        }));
    }

    /// <summary>The customer's page loses its connection and gets it back, or is closed and opened again.</summary>
    private async Task FlapPresenceAsync(CancellationToken stop)
    {
        var presence = Engine.Services.GetRequiredService<PresenceRegistry>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            // Paced by the customer's server, not a clock: flap after it has seen another 20–60 transactions.
            if (!await _chaos.WaitForTransactionsAsync(_chaos.Next(20, 60), stop))
            {
                return;
            }
            if (n % 2 == 0)
            {
                presence.ConnectionDown("tab-1");
                await Task.Yield();
                presence.ConnectionUp("tab-1", System.Net.IPAddress.Loopback);
            }
            else
            {
                GoOffline();
                await Task.Yield();
                GoOnline();
            }
            _chaos.Count("presence flap");
        }
    }

    /// <summary>The seeded random answers of the customer's server.</summary>
    private sealed class ChaosScript(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _transactions = new(0);

        /// <summary>True once the server has seen <paramref name="count"/> more MAIL commands; false when stopped first.</summary>
        public async Task<bool> WaitForTransactionsAsync(int count, CancellationToken stop)
        {
            try
            {
                for (var i = 0; i < count; i++)
                {
                    await _transactions.WaitAsync(stop);
                }
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public Dictionary<string, int> Counts { get; } = new()
        {
            ["421"] = 0, ["451 rcpt"] = 0, ["550 rcpt"] = 0, ["451 data"] = 0, ["554 data"] = 0, ["hang-up"] = 0, ["presence flap"] = 0,
        };

        public int Next(int min, int max)
        {
            lock (_gate) { return _random.Next(min, max); }
        }

        public void Count(string what)
        {
            lock (_gate) { Counts[what]++; }
        }

        public void Script(ScriptedSmtpServer sink)
        {
            sink.MailReplyFor = _ =>
            {
                _transactions.Release();
                return Pick(0.02, "421") ? "421 4.3.2 going down" : "250 2.1.0 ok";
            };
            sink.RcptReply = _ => Pick(0.05, "451 rcpt") ? "451 4.2.0 try later"
                : Pick(0.03, "550 rcpt") ? "550 5.1.1 no such user" : "250 2.1.5 ok";
            sink.HangUpMidData = () => Pick(0.02, "hang-up");
            sink.DataReplyFor = _ => Pick(0.05, "451 data") ? "451 4.3.0 not now"
                : Pick(0.02, "554 data") ? "554 5.6.0 content refused" : "250 2.0.0 accepted";
        }

        private bool Pick(double p, string what)
        {
            lock (_gate)
            {
                if (_random.NextDouble() >= p) { return false; }
                Counts[what]++;
                return true;
            }
        }

        public override string ToString()
        {
            lock (_gate) { return string.Join(", ", Counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value}"))); }
        }
    }
}
