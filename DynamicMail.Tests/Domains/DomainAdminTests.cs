using System.Net;
using DynamicMail.Smtp.Alerts;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Smtp.Presence;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Smtp.Telemetry;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Domains;

/// <summary>Creating, editing, disabling and deleting domains through the engine's domain administration.</summary>
public sealed class DomainAdminTests : EngineTest
{
    private DomainAdmin Admin => Engine.Services.GetRequiredService<DomainAdmin>();

    private static DomainInput Input(string name, string? slug = null, int port = 25) =>
        new() { Name = name, Slug = slug, Username = "admin", Password = "long-enough", DeliveryPort = port };

    [Theory]
    [InlineData("not a domain", null, 25, "Name", "Enter a domain name such as example.com.")]
    [InlineData("xyz.com", null, 25, "Name", "A domain named xyz.com already exists.")]
    [InlineData("new.example", "abc", 25, "Slug", "The slug abc is already used by abc.org.")]
    [InlineData("new.example", "Bad Slug!", 25, "Slug", "The slug may hold lower-case letters")]
    [InlineData("new.example", null, 0, "DeliveryPort", "The delivery port must be between 1 and 65535.")]
    [InlineData("new.example", null, 70000, "DeliveryPort", "The delivery port must be between 1 and 65535.")]
    public async Task Create_WithBadInput_SaysWhichFieldAndStoresNothing(string name, string? slug, int port, string field, string message)
    {
        var before = Engine.Domains.All().Count;

        var result = await Admin.CreateAsync(Input(name, slug, port), "tester");

        Assert.Equal(DomainFailure.Invalid, result.Failure);
        Assert.StartsWith(message, Assert.Single(result.Errors[field]), StringComparison.Ordinal);
        Assert.Equal(before, Engine.Domains.All().Count);
    }

    [Fact]
    public async Task Create_StoresHashOnly_AndTheCustomerCanLogIn()
    {
        var result = await Admin.CreateAsync(Input("New.Example."), "tester");

        Assert.True(result.Ok, result.Message);
        var stored = Engine.Domains.FindByName("new.example")!;
        Assert.Equal("new", stored.Slug);
        Assert.DoesNotContain("long-enough", stored.PasswordHash, StringComparison.Ordinal);
        Assert.NotNull(Engine.Domains.Authenticate("new", "admin", "long-enough"));
        Assert.Contains(Engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "domain.create" && e.Target == "new.example");
    }

    [Fact]
    public async Task Update_PersistsAcrossRestart_AndKeepsThePassword()
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        input.DeliveryPort = 2526;
        input.DeliveryHost = "mail.xyz.com";
        input.Notes = "moved";

        Assert.True((await Admin.UpdateAsync("xyz.com", input, "tester")).Ok);
        await RestartAsync();

        var stored = Engine.Domains.FindByName("xyz.com")!;
        Assert.Equal((2526, "mail.xyz.com", "moved"), (stored.DeliveryPort, stored.DeliveryHost, stored.Notes));
        Assert.NotNull(Engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task ResetPassword_ReplacesTheOldOne()
    {
        Assert.True((await Admin.ResetPasswordAsync("xyz.com", "brand-new-secret", "tester")).Ok);

        Assert.Null(Engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
        Assert.NotNull(Engine.Domains.Authenticate("xyz", "xyzadmin", "brand-new-secret"));
    }

    [Fact]
    public async Task Disable_RefusesMailAtRcpt_AndRefusesLogin()
    {
        var input = DomainInput.From(Engine.Domains.FindByName("xyz.com")!);
        input.Disabled = true;

        Assert.True((await Admin.UpdateAsync("xyz.com", input, "tester")).Ok);

        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        Assert.StartsWith("550 5.2.1", await smtp.SendAsync("RCPT TO:<bob@xyz.com>"));
        Assert.Null(Engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task Delete_WithQueuedMail_IsRefusedUnlessReturning_ThenEmptyDomainGoes()
    {
        var id = await Mail.SendAsync(Engine.Smtp, "alice@sender.example", "bob@xyz.com", "still here");

        var refused = await Admin.DeleteAsync("xyz.com", returnQueued: false, "tester");
        Assert.Equal(DomainFailure.Conflict, refused.Failure);
        Assert.Contains("1 queued message:", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(Engine.Domains.FindByName("xyz.com"));

        var empty = await Admin.DeleteAsync("abc.org", returnQueued: false, "tester");
        Assert.True(empty.Ok, empty.Message);
        Assert.Null(Engine.Domains.FindByName("abc.org"));
        Assert.NotNull(Engine.Queue.Find(id));
    }

    [Fact]
    public async Task Delete_ReturningAllQueued_SendsEverySenderADsn_ThenRemovesTheDomain()
    {
        await using var smartHost = new ScriptedSmtpServer();
        await RestartAsync(new Dictionary<string, string?>
        {
            ["DynamicMail:Bounces:SmartHostPort"] = smartHost.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var first = await Mail.SendAsync(Engine.Smtp, "alice@sender.example", "bob@xyz.com", "one");
        var second = await Mail.SendAsync(Engine.Smtp, "dave@other.example", "carol@xyz.com", "two");

        var result = await Admin.DeleteAsync("xyz.com", returnQueued: true, "tester");

        Assert.True(result.Ok, result.Message);
        Assert.Null(Engine.Domains.FindByName("xyz.com"));
        Assert.Null(Engine.Queue.Find(first));
        Assert.Null(Engine.Queue.Find(second));
        await smartHost.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["alice@sender.example", "dave@other.example"], smartHost.DeliveredRecipients.Order(StringComparer.Ordinal));
        Assert.Contains(Engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "domain.delete" && e.Detail == "2 queued messages returned to their senders");
    }

    [Fact]
    public async Task Delete_ThenCreateAgain_TheNewCustomerSeesNothingOfTheOld_ButTheAuditKeepsIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = Engine.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var lists = Engine.Services.GetRequiredService<IRecipientLists>();
        Assert.True((await lists.SetAsync("xyz.com", ["bob@xyz.com"], "tester")).Ok);
        await Engine.Services.GetRequiredService<IRecipientListStore>().NoteRefusedAsync(
            new RefusedRecipient("xyz.com", "gone@xyz.com", "550 5.1.1 no such user", now));
        var transcripts = Engine.Services.GetRequiredService<ITranscriptLog>();
        await transcripts.SaveAsync(new SmtpTranscript { Id = "t-old", Domain = "xyz.com", MessageId = "m-old", At = now, Outcome = "250" });
        var alert = new AlertRecord("a-old", "xyz.com", AlertKind.MailWaiting, now, "waiting", "old customer's alert",
            "old@customer.example", null, null);
        Assert.True(await Engine.Services.GetRequiredService<IAlertStore>().TryRecordAsync(alert, now.AddDays(-1), null));
        var presence = Engine.Services.GetRequiredService<PresenceRegistry>();
        presence.Register("tab-old", "xyz.com", IPAddress.Loopback);
        presence.Unregister("tab-old");
        await Engine.Services.GetRequiredService<IActivityStore>().SaveAsync(
            new Dictionary<string, DateTime> { ["xyz.com"] = now }, new Dictionary<long, (int, int)>(), now);

        Assert.True((await Admin.DeleteAsync("xyz.com", returnQueued: false, "tester")).Ok);
        Assert.True((await Admin.CreateAsync(Input("xyz.com"), "tester")).Ok);

        Assert.Empty(lists.Get("xyz.com"));
        Assert.Empty(await lists.RefusedAsync("xyz.com", ct));
        Assert.Empty(await transcripts.ForDomainAsync("xyz.com", ct));
        Assert.Empty(await Engine.Services.GetRequiredService<IAlertHistory>().OfAsync("xyz.com", ct));
        Assert.False((await Engine.Services.GetRequiredService<IActivityHistory>().LastConnectedAsync(ct)).ContainsKey("xyz.com"));
        Assert.False((await Engine.Services.GetRequiredService<LastOnline>().AllAsync(ct)).ContainsKey("xyz.com"));
        // The old list is gone from memory too: any recipient is accepted again.
        await using var smtp = await SmtpDialogue.ConnectAsync(Engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        Assert.StartsWith("250", await smtp.SendAsync("RCPT TO:<carol@xyz.com>"));
        Assert.Contains(await Engine.Services.GetRequiredService<IAuditLog>().RecentAsync(20, "xyz.com", ct),
            e => e.Action == "domain.recipients");
    }
}
