using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Domains;

namespace DynamicMail.Tests.Storage;

/// <summary>Issue #20: a domain's hold and retention are stored with it; transcripts are kept per domain, newest only.</summary>
public abstract partial class StoreContract
{
    internal ITranscriptLog Transcripts => Get<ITranscriptLog>();

    [Fact]
    public async Task DomainHoldAndRetention_SurviveAReopen_AndAnEditKeepsTheHold()
    {
        var domain = new CustomerDomain { Name = "held.com", Username = "u", MaxLifetime = TimeSpan.FromDays(12) };
        Assert.True(await Domains.TryAddAsync(domain, "password1"));
        var stamp = Domains.FindByName("held.com")!.SecurityStamp;
        var hold = new DomainHold { Reason = "Moving servers", Until = Now.AddDays(3), By = "customer u", SetAt = Now };
        Assert.NotNull(await Domains.SetHoldAsync("held.com", hold));
        await ReopenAsync();

        var stored = Domains.FindByName("held.com")!;
        Assert.Equal(TimeSpan.FromDays(12), stored.MaxLifetime);
        Assert.Equal(("Moving servers", Now.AddDays(3), "customer u"), (stored.Hold!.Reason, stored.Hold.Until, stored.Hold.By));
        Assert.Equal(stamp, stored.SecurityStamp);

        var edited = new CustomerDomain { Name = stored.Name, Slug = stored.Slug, Username = stored.Username, Notes = "edited" };
        Assert.Equal(DomainWrite.Done, await Domains.UpdateAsync(edited));
        Assert.Equal("Moving servers", Domains.FindByName("held.com")!.Hold?.Reason);

        Assert.Null(await Domains.SetHoldAsync("held.com", null, h => h is { } x && x.Until <= Now));
        Assert.NotNull(Domains.FindByName("held.com")!.Hold);
        Assert.NotNull(await Domains.SetHoldAsync("held.com", null));
        await ReopenAsync();
        Assert.Null(Domains.FindByName("held.com")!.Hold);
    }

    [Fact]
    public async Task Transcripts_KeepTheNewestPerDomain_FoundByMessage_AndSurviveAReopen()
    {
        for (var i = 0; i < TranscriptLimits.PerDomain + 5; i++)
        {
            await Transcripts.SaveAsync(Transcript("xyz.com", $"m{i:00}", Now.AddSeconds(i)));
        }
        await Transcripts.SaveAsync(Transcript("abc.org", "other", Now));
        await ReopenAsync();

        var kept = await Transcripts.ForDomainAsync("xyz.com", Ct);
        Assert.Equal(TranscriptLimits.PerDomain, kept.Count);
        Assert.Equal("m24", kept[0].MessageId);
        Assert.Equal("m05", kept[^1].MessageId);
        Assert.Equal(["S: 220 hi", "C: EHLO me"], kept[0].Lines.Select(l => $"{l.From}: {l.Text}"));
        Assert.Equal(Now.AddSeconds(24), kept[0].Lines[0].At);
        Assert.Empty(await Transcripts.ForMessageAsync("m00", Ct));
        Assert.Equal("550 5.1.1 no", Assert.Single(await Transcripts.ForMessageAsync("m10", Ct)).Outcome);
        Assert.Single(await Transcripts.ForDomainAsync("abc.org", Ct));
    }

    private static SmtpTranscript Transcript(string domain, string messageId, DateTime at) => new()
    {
        Id = Guid.CreateVersion7(at).ToString("N"),
        Domain = domain,
        MessageId = messageId,
        At = at,
        Target = "192.0.2.9:25",
        Tls = "Tls13, certificate SHA-256 AB",
        Outcome = "550 5.1.1 no",
        Lines = [new() { At = at, From = "S", Text = "220 hi" }, new() { At = at, From = "C", Text = "EHLO me" }],
    };
}
