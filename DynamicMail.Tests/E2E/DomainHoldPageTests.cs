using System.Globalization;
using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The hold on the customer's page in Chromium (issue #20): a held domain's customer logs in and nothing is
/// delivered while the page shows the hold, its reason and its end (in the browser's zone); the customer sets and
/// lifts a hold from the page.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class DomainHoldPageTests : BrowserTest
{
    private async Task<MailServerPage> LogInAsync(bool held = false, string? timeZone = null)
    {
        var page = new MailServerPage(await (await Browser.NewContextAsync(timezoneId: timeZone)).NewPageAsync(), App.BaseUrl, "xyz");
        await page.LoginAsync("xyzadmin", "xyz-password");
        if (held)
        {
            await Assertions.Expect(page.Status).ToHaveAttributeAsync("data-state", "Held", new() { Timeout = 15000 });
        }
        else
        {
            await page.WaitForSessionAsync();
        }
        return page;
    }

    [Fact]
    public async Task HeldDomain_CustomerLogsIn_NothingIsDelivered_AndThePageShowsTheHold()
    {
        var holds = App.Services.GetRequiredService<IDomainHolds>();
        Assert.True((await holds.HoldAsync("xyz.com", "Server move on Saturday", null, "operator")).Ok);
        await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "kept while held");

        var until = App.Services.GetRequiredService<IDomainDirectory>().FindByName("xyz.com")!.Hold!.Until;

        var page = await LogInAsync(held: true, timeZone: "Asia/Tokyo");

        await Assertions.Expect(page.Page.GetByTestId("hold-reason")).ToHaveTextAsync("Server move on Saturday");
        // The end (the default three days) in the customer's zone, as the page shows times of another day.
        var tokyo = TimeZoneInfo.ConvertTimeFromUtc(until, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        await Assertions.Expect(page.Page.GetByTestId("hold-until"))
            .ToHaveTextAsync(tokyo.ToString("d MMM HH:mm", CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Page.GetByTestId("oldest-returned")).ToBeVisibleAsync();
        Assert.Equal(0, Sink.Connections);

        await page.Page.GetByTestId("hold-release").ClickAsync();

        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        await Assertions.Expect(page.Page.GetByTestId("domain-hold")).ToHaveAttributeAsync("data-held", "false");
        var audit = await App.Services.GetRequiredService<IAuditLog>().RecentAsync(10, "domain.release", TestContext.Current.CancellationToken);
        Assert.Contains(audit, e => e.Operator == "customer:xyz.com");
    }

    [Fact]
    public async Task Customer_SetsAHoldFromThePage_AndItIsAuditedAsTheCustomer()
    {
        var page = await LogInAsync();

        await page.Page.GetByTestId("hold-reason-input").FillAsync("Replacing the disk");
        await page.Page.GetByTestId("hold-set").ClickAsync();

        await Assertions.Expect(page.Page.GetByTestId("domain-hold")).ToHaveAttributeAsync("data-held", "true");
        await Assertions.Expect(page.Status).ToHaveAttributeAsync("data-state", "Held");
        var hold = App.Services.GetRequiredService<IDomainDirectory>().FindByName("xyz.com")!.Hold!;
        Assert.Equal(("Replacing the disk", "customer:xyz.com"), (hold.Reason, hold.By));
        Assert.InRange(hold.Until, DateTime.UtcNow.AddDays(2.99), DateTime.UtcNow.AddDays(3.01));
        await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "after the customer's hold");
        await Assertions.Expect(page.Page.GetByTestId("waiting-row")).ToHaveCountAsync(1);
        Assert.Equal(0, Sink.Connections);
    }
}
