using System.Globalization;
using System.Net;
using Bunit;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Presence;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>
/// The transcript of a real delivery attempt (to a scripted server on loopback that defers the recipient) on the
/// console's message page and domain page (issue #20): "why didn't my mail arrive" answered without the logs.
/// </summary>
public sealed class TranscriptViewTests : ConsoleContext
{
    private const string Deferral = "451 4.2.1 mailbox busy, try again later";
    private readonly ScriptedSmtpServer _sink = new() { RcptReply = _ => Deferral };

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DynamicMail:Domains:0:DeliveryPort"] = _sink.Port.ToString(CultureInfo.InvariantCulture),
        ["DynamicMail:Delivery:AllowPrivateTargets"] = "true",
    };

    protected override ValueTask AfterEngineStoppedAsync() => _sink.DisposeAsync();

    /// <summary>Queues a message for xyz.com, brings the domain online and waits until its deferred attempt is kept.</summary>
    private async Task<string> DeferredAttemptAsync()
    {
        var id = await SendAsync("bob@xyz.com", "Invoice 42");
        Engine.Services.GetRequiredService<PresenceRegistry>().Register("tab", "xyz.com", IPAddress.Loopback);
        var log = Engine.Services.GetRequiredService<ITranscriptLog>();
        await Wait.Until(async () => (await log.ForMessageAsync(id, Xunit.TestContext.Current.CancellationToken)).Count > 0,
            "the attempt's transcript kept");
        return id;
    }

    private static void AssertShowsTheDeferral(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> cut, string id)
    {
        var transcript = cut.Find($"[data-testid=transcript][data-message='{id}']");
        var lines = transcript.QuerySelector("[data-testid=transcript-lines]")!.TextContent;
        Assert.Contains("C: RCPT TO:<bob@xyz.com>", lines, StringComparison.Ordinal);
        Assert.Contains("S: " + Deferral, lines, StringComparison.Ordinal);
        Assert.DoesNotContain("body of Invoice 42", lines, StringComparison.Ordinal);
        Assert.Contains("451 4.2.1", transcript.QuerySelector("[data-testid=transcript-outcome]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessagePage_ShowsTheTranscriptOfItsDeferredAttempt()
    {
        var id = await DeferredAttemptAsync();

        var cut = Render<MessageDetail>(p => p.Add(c => c.Id, id));

        Assert.Empty(cut.FindAll("[data-testid=message-gone]"));
        AssertShowsTheDeferral(cut, id);
    }

    [Fact]
    public async Task DomainPage_ShowsTheDomainsNewestAttempts()
    {
        var id = await DeferredAttemptAsync();

        var cut = Render<DomainForm>(p => p.Add(c => c.Existing, Engine.Domains.FindByName("xyz.com")));

        Assert.Empty(cut.FindAll("[data-testid=transcripts-none]"));
        AssertShowsTheDeferral(cut, id);
    }
}
