using Bunit;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Events;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Smtp.Storage.LiteDb;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Recipients;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace DynamicMail.Tests.Components;

/// <summary>The recipient list editor over the real list service and a real LiteDB file.</summary>
public sealed class RecipientListEditorTests : BunitContext, IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private LiteDbStore _store = null!;
    private RecipientLists _lists = null!;
    private LiteDbRecipientListStore _listStore = null!;

    public async ValueTask InitializeAsync()
    {
        var events = new MailEventHub(NullLogger<MailEventHub>.Instance);
        _store = new LiteDbStore(_dir.Path, new FsyncFlush(), new DurableStoreFiles(), NullLogger<LiteDbStore>.Instance);
        var domains = new DomainDirectory(new LiteDbDomainStore(_store), TimeProvider.System, new NoSecretProtector());
        await domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "xyzadmin" }, "xyz-password");
        _listStore = new LiteDbRecipientListStore(_store);
        _lists = new RecipientLists(_listStore, domains, events, TimeProvider.System);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IRecipientLists>(_lists);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _store.Dispose();
        _dir.Dispose();
    }

    private IRenderedComponent<RecipientListEditor> Render(Func<bool>? allowed = null) =>
        Render<RecipientListEditor>(p => p.Add(c => c.Domain, "xyz.com").Add(c => c.By, "customer:xyz.com").Add(c => c.Allowed, allowed));

    private static void Type(IRenderedComponent<RecipientListEditor> cut, string text) =>
        cut.Find("textarea").Change(text);

    [Fact]
    public void Save_StoresTheTypedLines_Normalized()
    {
        var cut = Render();

        Type(cut, "Sales@xyz.com\n\n  info  \n*@xyz.com");
        cut.Find("[data-testid=recipient-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("3 entries", cut.Find("[data-testid=recipient-saved]").TextContent, StringComparison.Ordinal));
        Assert.Equal(["*@xyz.com", "info@xyz.com", "sales@xyz.com"], _lists.Get("xyz.com"));
    }

    [Fact]
    public void TypedText_SurvivesTheParentRenderingAgain_BeforeSave()
    {
        var cut = Render();

        Type(cut, "new@xyz.com");
        cut.Render(p => p.Add(c => c.Zone, TimeZoneInfo.Utc).Add(c => c.Allowed, () => true)); // the live page's next render

        Assert.Equal("new@xyz.com", cut.Find("textarea").GetAttribute("value") ?? cut.Find("textarea").TextContent);
    }

    [Fact]
    public void Save_WithABadLine_ShowsWhich_AndKeepsTheList()
    {
        var cut = Render();

        Type(cut, "ok@xyz.com\nbob@abc.org");
        cut.Find("[data-testid=recipient-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("bob@abc.org is not an address of xyz.com", cut.Find("[data-testid=recipient-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal("alert", cut.Find("[data-testid=recipient-error]").GetAttribute("role"));
        Assert.Empty(_lists.Get("xyz.com"));
    }

    [Fact]
    public void Save_AfterTheSessionEnded_ChangesNothing()
    {
        var cut = Render(() => false);

        Type(cut, "ok@xyz.com");
        cut.Find("[data-testid=recipient-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("no longer logged in", cut.Find("[data-testid=recipient-error]").TextContent, StringComparison.Ordinal));
        Assert.Empty(_lists.Get("xyz.com"));
    }

    [Fact]
    public async Task RefusedAddress_OfferedAndRemovedFromTheList()
    {
        Assert.True((await _lists.SetAsync("xyz.com", ["gone@xyz.com", "kept@xyz.com"], "test")).Ok);
        await _listStore.NoteRefusedAsync(new RefusedRecipient("xyz.com", "gone@xyz.com", "550 5.1.1 unknown", DateTime.UtcNow));
        var cut = Render();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=refused-row]")));
        cut.Find("[data-testid=refused-remove]").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=refused-row]")));
        Assert.Equal(["kept@xyz.com"], _lists.Get("xyz.com"));
    }
}
