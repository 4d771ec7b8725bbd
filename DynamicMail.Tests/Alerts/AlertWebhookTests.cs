using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.Alerts;

/// <summary>Webhooks: a signed JSON POST into a real HTTP listener, retried after a 500 on the fake clock.</summary>
public sealed class AlertWebhookTests : AlertTestBase
{
    [Fact]
    public async Task Webhook_GetsSignedJson_AndIsRetriedAfterA500()
    {
        Hooks.Statuses.Enqueue(500);
        Assert.True((await SetAsync(i => i.WebhookUrl = Hooks.Url)).Ok);
        var secret = Engine.Domains.FindByName("xyz.com")!.WebhookSecret;
        Assert.Matches("^[0-9a-f]{64}$", secret);
        await QueueAsync();
        Time.Advance(TimeSpan.FromDays(1.1));

        var sent = Assert.Single(await Monitor.CheckAsync(Ct));
        Assert.Equal("no contact address is set", sent.EmailNote);
        await Wait.Until(() => Hooks.Requests.Count == 1, "the first webhook call");
        // The retry waits a minute on the fake clock: move it until the second call comes.
        await Wait.Until(() =>
        {
            Time.Advance(TimeSpan.FromSeconds(30));
            return Hooks.Requests.Count == 2;
        }, "the retry after the 500");

        foreach (var request in Hooks.Requests)
        {
            Assert.Equal(("POST", "/hooks/dm"), (request.Method, request.Path));
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret!), request.Body));
            Assert.Equal(expected, request.Headers["X-DynamicMail-Signature"]);
            Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
            var json = JsonDocument.Parse(request.Body).RootElement;
            Assert.Equal(("xyz.com", "MailWaiting", sent.Id), (json.GetProperty("domain").GetString(), json.GetProperty("kind").GetString(),
                json.GetProperty("id").GetString()));
            Assert.Contains("waiting", json.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        await Wait.Until(() => HistoryAsync().Result[0].Webhook?.StartsWith("delivered", StringComparison.Ordinal) == true, "the outcome noted");
        Assert.Contains("after 2 attempts", (await HistoryAsync())[0].Webhook, StringComparison.Ordinal);
        Assert.Empty(await Monitor.CheckAsync(Ct));
        Assert.Equal(2, Hooks.Requests.Count);
    }

    [Fact]
    public async Task Webhook_SignatureDiffersWithTheSecret_AndTheSecretSurvivesAnEdit()
    {
        Assert.True((await SetAsync(i => i.WebhookUrl = Hooks.Url)).Ok);
        var secret = Engine.Domains.FindByName("xyz.com")!.WebhookSecret;
        Assert.True((await SetAsync(i => i.Notes = "edited")).Ok);
        Assert.Equal(secret, Engine.Domains.FindByName("xyz.com")!.WebhookSecret);
        var other = (await SetAsync(i => i.WebhookUrl = Hooks.Url, "abc.org")).Domain!.WebhookSecret;
        Assert.NotEqual(secret, other);
        Assert.Null(DynamicMail.Smtp.Domains.DomainInput.From(Engine.Domains.FindByName("xyz.com")!).GetType().GetProperty("WebhookSecret"));
    }
}
