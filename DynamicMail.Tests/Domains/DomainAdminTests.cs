using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Domains;

/// <summary>Creating, editing, disabling and deleting domains through the engine's domain administration.</summary>
public sealed class DomainAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private EngineHost _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await EngineHost.StartAsync(_dir.Path);

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private DomainAdmin Admin => _engine.Services.GetRequiredService<DomainAdmin>();

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
        var before = _engine.Domains.All().Count;

        var result = await Admin.CreateAsync(Input(name, slug, port), "tester");

        Assert.Equal(DomainFailure.Invalid, result.Failure);
        Assert.StartsWith(message, Assert.Single(result.Errors[field]), StringComparison.Ordinal);
        Assert.Equal(before, _engine.Domains.All().Count);
    }

    [Fact]
    public async Task Create_StoresHashOnly_AndTheCustomerCanLogIn()
    {
        var result = await Admin.CreateAsync(Input("New.Example."), "tester");

        Assert.True(result.Ok, result.Message);
        var stored = _engine.Domains.FindByName("new.example")!;
        Assert.Equal("new", stored.Slug);
        Assert.DoesNotContain("long-enough", stored.PasswordHash, StringComparison.Ordinal);
        Assert.NotNull(_engine.Domains.Authenticate("new", "admin", "long-enough"));
        Assert.Contains(_engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "domain.create" && e.Target == "new.example");
    }

    [Fact]
    public async Task Update_PersistsAcrossRestart_AndKeepsThePassword()
    {
        var input = DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.DeliveryPort = 2526;
        input.DeliveryHost = "mail.xyz.com";
        input.Notes = "moved";

        Assert.True((await Admin.UpdateAsync("xyz.com", input, "tester")).Ok);
        await _engine.DisposeAsync();
        _engine = await EngineHost.StartAsync(_dir.Path);

        var stored = _engine.Domains.FindByName("xyz.com")!;
        Assert.Equal((2526, "mail.xyz.com", "moved"), (stored.DeliveryPort, stored.DeliveryHost, stored.Notes));
        Assert.NotNull(_engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task ResetPassword_ReplacesTheOldOne()
    {
        Assert.True((await Admin.ResetPasswordAsync("xyz.com", "brand-new-secret", "tester")).Ok);

        Assert.Null(_engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
        Assert.NotNull(_engine.Domains.Authenticate("xyz", "xyzadmin", "brand-new-secret"));
    }

    [Fact]
    public async Task Disable_RefusesMailAtRcpt_AndRefusesLogin()
    {
        var input = DomainInput.From(_engine.Domains.FindByName("xyz.com")!);
        input.Disabled = true;

        Assert.True((await Admin.UpdateAsync("xyz.com", input, "tester")).Ok);

        await using var smtp = await SmtpDialogue.ConnectAsync(_engine.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        await smtp.SendAsync("MAIL FROM:<alice@sender.example>");
        Assert.StartsWith("550 5.2.1", await smtp.SendAsync("RCPT TO:<bob@xyz.com>"));
        Assert.Null(_engine.Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task Delete_WithQueuedMail_IsRefusedUnlessReturning_ThenEmptyDomainGoes()
    {
        var id = await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@xyz.com", "still here");

        var refused = await Admin.DeleteAsync("xyz.com", returnQueued: false, "tester");
        Assert.Equal(DomainFailure.Conflict, refused.Failure);
        Assert.Contains("1 queued messages", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(_engine.Domains.FindByName("xyz.com"));

        var empty = await Admin.DeleteAsync("abc.org", returnQueued: false, "tester");
        Assert.True(empty.Ok, empty.Message);
        Assert.Null(_engine.Domains.FindByName("abc.org"));
        Assert.NotNull(_engine.Queue.Find(id));
    }

    [Fact]
    public async Task Delete_ReturningAllQueued_SendsEverySenderADsn_ThenRemovesTheDomain()
    {
        await using var smartHost = new ScriptedSmtpServer();
        await _engine.DisposeAsync();
        _engine = await EngineHost.StartAsync(_dir.Path, new Dictionary<string, string?>
        {
            ["DynamicMail:Bounces:SmartHostPort"] = smartHost.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var first = await Mail.SendAsync(_engine.Smtp, "alice@sender.example", "bob@xyz.com", "one");
        var second = await Mail.SendAsync(_engine.Smtp, "dave@other.example", "carol@xyz.com", "two");

        var result = await Admin.DeleteAsync("xyz.com", returnQueued: true, "tester");

        Assert.True(result.Ok, result.Message);
        Assert.Null(_engine.Domains.FindByName("xyz.com"));
        Assert.Null(_engine.Queue.Find(first));
        Assert.Null(_engine.Queue.Find(second));
        await smartHost.WaitForRecipientsAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal(["alice@sender.example", "dave@other.example"], smartHost.DeliveredRecipients.Order(StringComparer.Ordinal));
        Assert.Contains(_engine.Services.GetRequiredService<IAuditLog>().Recent(5), e => e.Action == "domain.delete" && e.Detail == "2 queued messages returned to their senders");
    }
}
