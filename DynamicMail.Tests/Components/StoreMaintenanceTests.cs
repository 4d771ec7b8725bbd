using Bunit;
using DynamicMail.Smtp.Queue;
using DynamicMail.Tests.TestSupport;
using DynamicMail.Web.Components.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Components;

/// <summary>Issue #14: backup and compaction are console actions too, with a clear answer for a bad folder.</summary>
public sealed class StoreMaintenanceTests : ConsoleContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Services.AddSingleton(Engine.Services.GetRequiredService<IStoreBackup>());
        Services.AddSingleton(Engine.Services.GetRequiredService<IStoreCompaction>());
    }

    [Fact]
    public async Task BackUpNow_WritesTheStore_AndARelativeFolderGetsAClearError()
    {
        await SendAsync("bob@xyz.com", "kept");
        var cut = Render<StoreMaintenance>();

        cut.Find("[data-testid=backup-folder]").Input("backups/relative");
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Contains("absolute path", cut.Find("[data-testid=store-message]").TextContent, StringComparison.Ordinal));

        using var elsewhere = new TempDirectory();
        var folder = Path.Combine(elsewhere.Path, "nightly");
        cut.Find("[data-testid=backup-folder]").Input(folder);
        await cut.Find("form").SubmitAsync();
        cut.WaitForAssertion(() => Assert.Contains("Backup written to", cut.Find("[data-testid=store-message]").TextContent, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(folder, "dynamicmail.db")));
    }

    [Fact]
    public async Task CompactNow_ReportsTheSizes()
    {
        var cut = Render<StoreMaintenance>();

        await cut.Find("[data-testid=compact-now]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("Store compacted from", cut.Find("[data-testid=store-message]").TextContent, StringComparison.Ordinal));
    }
}
