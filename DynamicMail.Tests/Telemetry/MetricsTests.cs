using System.Globalization;
using System.Net;
using System.Net.Http;
using DynamicMail.Smtp.Delivery;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Telemetry;

/// <summary>Issue #14: /metrics counts exactly what was sent, refused and delivered, and only allowed networks read it.</summary>
[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ScriptedSmtpServer _sink = new();
    private readonly ScriptedSmtpServer _smartHost = new();

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _smartHost.DisposeAsync();
        _dir.Dispose();
    }

    private WebAppHost Start(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["DynamicMail:Bounces:SmartHostPort"] = _smartHost.Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }
        return new WebAppHost(_dir.Path, _sink.Port, settings);
    }

    [Fact]
    public async Task Scrape_AfterSendingRefusingAndDelivering_EachCounterMovedByExactlyThat()
    {
        _sink.RcptReply = r => r.Contains("bad@", StringComparison.Ordinal) ? "550 5.1.1 no such user"
            : r.Contains("later@", StringComparison.Ordinal) ? "451 4.2.0 try later" : "250 2.1.5 ok";
        using var web = Start();
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var before = await Scrape.ReadAsync(http);
        await using var smtp = await SmtpDialogue.ConnectAsync(web.Smtp);
        await smtp.SendAsync("EHLO client.example");

        var ids = new List<string>();
        foreach (var to in new[] { new[] { "one@xyz.com", "two@xyz.com" }, ["bad@xyz.com"], ["later@xyz.com"] })
        {
            var reply = await smtp.SendMessageAsync("alice@sender.example", to, "Subject: counted\r\n\r\nhello");
            Assert.StartsWith("250 2.0.0", reply);
            ids.Add(reply.Split(' ')[^1]);
        }
        await RefuseAsync(smtp);
        var queue = web.Services.GetRequiredService<IMailQueue>();
        var sizes = ids.Select(id => queue.Find(id)!.Size).ToList();

        var queued = await Scrape.ReadAsync(http);
        Assert.Equal(3, Moved(before, queued, "dynamicmail_messages_accepted_total"));
        Assert.Equal(sizes.Sum(), Moved(before, queued, "dynamicmail_received_bytes_total"));
        Assert.Equal(2, Moved(before, queued, "dynamicmail_messages_refused_total", "reason=\"relay\""));
        Assert.Equal(1, Moved(before, queued, "dynamicmail_messages_refused_total", "reason=\"size\""));
        Assert.Equal(3, queued.Value("dynamicmail_queue_messages"));
        Assert.Equal(sizes.Sum(), queued.Value("dynamicmail_queue_size_bytes"));
        Assert.Equal(3, queued.Value("dynamicmail_queue_domain_messages", "domain=\"xyz.com\""));
        Assert.Equal(sizes.Sum(), queued.Value("dynamicmail_queue_domain_size_bytes", "domain=\"xyz.com\""));
        Assert.Equal(1, queued.Value("dynamicmail_smtp_sessions"));
        Assert.True(queued.Value("dynamicmail_store_commit_duration_seconds_count") > 0, queued.Text);
        Assert.True(queued.Value("dynamicmail_store_flush_duration_seconds_count") > 0, queued.Text);
        Assert.True(queued.Value("dynamicmail_queue_oldest_age_seconds") >= 0 && queued.Has("dynamicmail_queue_oldest_age_seconds"), queued.Text);
        Assert.True(queued.Has("dynamicmail_smtp_connections_refused_total"), queued.Text);

        web.Services.GetRequiredService<PresenceRegistry>().Register("tab-1", "xyz.com", IPAddress.Loopback);
        await AfterDeliveryAsync(http, before, sizes);

        // The page closes before the host stops (a host stopped while a domain delivers is another test's subject).
        web.Services.GetRequiredService<PresenceRegistry>().Unregister("tab-1");
        var board = web.Services.GetRequiredService<DomainStatusBoard>();
        await Wait.Until(() => board.Get("xyz.com").State == DeliveryState.Offline, "delivery stopped");
    }

    [Fact]
    public async Task Refusals_UnknownRecipient_TooManyRecipients_AndABadOdmrLogin_EachCountUnderTheirOwnReason()
    {
        using var web = Start(new Dictionary<string, string?> { ["DynamicMail:Smtp:MaxRecipients"] = "1" });
        var list = await web.Services.GetRequiredService<DynamicMail.Smtp.Recipients.IRecipientLists>()
            .SetAsync("xyz.com", ["known@xyz.com"], EngineHost.OperatorName);
        Assert.True(list.Ok, string.Join("; ", list.Errors));
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };
        var before = await Scrape.ReadAsync(http);

        await using (var smtp = await SmtpDialogue.ConnectAsync(web.Smtp))
        {
            await smtp.SendAsync("EHLO client.example");
            Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
            Assert.StartsWith("550 5.1.1", await smtp.SendAsync("RCPT TO:<nobody@xyz.com>"));
            Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<known@xyz.com>"));
            Assert.StartsWith("452 4.5.3", await smtp.SendAsync("RCPT TO:<known@xyz.com>"));
        }
        var odmrPort = await web.Services.GetRequiredService<DynamicMail.Smtp.Odmr.OdmrListener>().Bound;
        await using (var odmr = await SmtpDialogue.ConnectAsync(odmrPort))
        {
            await odmr.SendAsync("EHLO client.example");
            Assert.StartsWith("334", await odmr.SendAsync("AUTH CRAM-MD5"));
            var wrong = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("xyzadmin " + new string('0', 32)));
            Assert.StartsWith("535 5.7.8", await odmr.SendAsync(wrong));
        }

        var after = await Scrape.ReadAsync(http);
        Assert.Equal(1, Moved(before, after, "dynamicmail_messages_refused_total", "reason=\"unknown_recipient\""));
        Assert.Equal(1, Moved(before, after, "dynamicmail_messages_refused_total", "reason=\"limits\""));
        Assert.Equal(1, Moved(before, after, "dynamicmail_messages_refused_total", "reason=\"auth\""));
        Assert.Equal(0, Moved(before, after, "dynamicmail_messages_refused_total", "reason=\"protocol\""));
    }

    private static async Task AfterDeliveryAsync(HttpClient http, Scrape before, List<long> sizes)
    {
        Scrape after = before;
        await Wait.Until(() =>
        {
            after = Scrape.ReadAsync(http).GetAwaiter().GetResult();
            return Moved(before, after, "dynamicmail_recipients_delivered_total") >= 2
                && Moved(before, after, "dynamicmail_recipients_failed_total") >= 1
                && Moved(before, after, "dynamicmail_recipients_deferred_total") >= 1
                && Moved(before, after, "dynamicmail_dsns_queued_total") >= 1;
        }, "delivery outcomes counted", 20000);

        Assert.Equal(2, Moved(before, after, "dynamicmail_recipients_delivered_total"));
        Assert.Equal(1, Moved(before, after, "dynamicmail_recipients_failed_total"));
        Assert.Equal(1, Moved(before, after, "dynamicmail_recipients_deferred_total"));
        Assert.Equal(1, Moved(before, after, "dynamicmail_recipients_returned_total"));
        Assert.Equal(1, Moved(before, after, "dynamicmail_dsns_queued_total", "kind=\"failed\""));
        Assert.Equal(0, Moved(before, after, "dynamicmail_dsns_suppressed_total"));
        Assert.Equal(sizes[0], Moved(before, after, "dynamicmail_delivered_bytes_total")); // two recipients, one transaction
        Assert.Equal(1, after.Value("dynamicmail_domains_online"));
        Assert.Equal(3, after.Value("dynamicmail_messages_accepted_total") - before.Value("dynamicmail_messages_accepted_total"));
        Assert.True(after.Value("dynamicmail_delivery_duration_seconds_count") >= 3, after.Text);
        Assert.DoesNotContain("sender.example", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", after.Text, StringComparison.Ordinal);
    }

    /// <summary>Two recipients outside every provisioned domain and one MAIL whose SIZE is over the limit.</summary>
    private static async Task RefuseAsync(SmtpDialogue smtp)
    {
        Assert.StartsWith("250", await smtp.SendAsync("MAIL FROM:<alice@sender.example>"));
        Assert.StartsWith("550 5.7.1", await smtp.SendAsync("RCPT TO:<someone@elsewhere.example>"));
        Assert.StartsWith("550 5.7.1", await smtp.SendAsync("RCPT TO:<other@elsewhere.example>"));
        Assert.StartsWith("250", await smtp.SendAsync("RSET"));
        Assert.StartsWith("552 5.3.4", await smtp.SendAsync("MAIL FROM:<alice@sender.example> SIZE=999999999999"));
    }

    private static double Moved(Scrape before, Scrape after, string name, params string[] labels) =>
        after.Value(name, labels) - before.Value(name, labels);

    [Fact]
    public async Task Metrics_WhenTheAllowListExcludesLoopback_Is403()
    {
        using var web = Start(new Dictionary<string, string?> { ["DynamicMail:Metrics:AllowedNetworks:0"] = "192.0.2.0/24" });
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        var response = await http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("dynamicmail_", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ForAPublicClientBehindAKnownProxy_Is403_ForAPrivateOne_200()
    {
        using var web = Start(new Dictionary<string, string?> { ["DynamicMail:Web:KnownProxies:0"] = "127.0.0.1" });
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        using var outside = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        using var inside = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "10.1.2.3" } } };

        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(outside, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(inside, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public void AllowedNetworks_NotACidr_StopsStartUpNamingTheKey()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Start(new Dictionary<string, string?>
        {
            ["DynamicMail:Metrics:AllowedNetworks:0"] = "10.0.0.0/8",
            ["DynamicMail:Metrics:AllowedNetworks:1"] = "not-a-network",
        }).Dispose());
        Assert.Contains("DynamicMail:Metrics:AllowedNetworks:1", ex.ToString(), StringComparison.Ordinal);
    }
}
