using System.Globalization;
using DynamicMail.Smtp.Delivery.Transcripts;
using DynamicMail.Smtp.Recipients;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DynamicMail.Tests.E2E;

/// <summary>
/// The customer's page shows its times in the browser's time zone, the delivery transcripts and the refused
/// addresses too: a browser in Tokyo sees Tokyo time, not UTC.
/// </summary>
[Collection(nameof(E2ECollection))]
public sealed class BrowserTimeZoneTests : BrowserTest
{
    private const string Zone = "Asia/Tokyo";
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById(Zone);

    private static string InTokyo(DateTime utc, string format) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Tokyo).ToString(format, CultureInfo.InvariantCulture);

    [Fact]
    public async Task InTokyo_TranscriptAndRefusedAddressTimes_AreTokyoTime()
    {
        var refusedAt = DateTime.UtcNow.AddHours(-2);
        await App.Services.GetRequiredService<IRecipientListStore>()
            .NoteRefusedAsync(new RefusedRecipient("xyz.com", "gone@xyz.com", "550 5.1.1 unknown", refusedAt));
        await Mail.SendAsync(App.Smtp, "alice@sender.example", "bob@xyz.com", "for the transcript");
        var context = await Browser.NewContextAsync(timezoneId: Zone);
        var page = new MailServerPage(await context.NewPageAsync(), App.BaseUrl, "xyz");

        await page.LoginAsync("xyzadmin", "xyz-password");
        await Sink.WaitForRecipientsAsync(1, TimeSpan.FromSeconds(15));
        var log = App.Services.GetRequiredService<ITranscriptLog>();
        var cancel = TestContext.Current.CancellationToken;
        await Wait.Until(async () => (await log.ForDomainAsync("xyz.com", cancel)).Count > 0, "the delivery's transcript");
        var transcript = (await log.ForDomainAsync("xyz.com", cancel))[0];

        await Assertions.Expect(page.Page.GetByText($"Times are shown in {Zone}")).ToBeVisibleAsync(new() { Timeout = 15000 });
        var transcripts = page.Page.GetByTestId("transcript");
        await Wait.Until(async () =>
        {
            await page.Page.GetByTestId("transcripts-refresh").ClickAsync();
            return await transcripts.CountAsync() > 0;
        }, "the transcript on the page");
        var summary = transcripts.First.Locator("summary");
        await Assertions.Expect(summary).ToContainTextAsync($"{InTokyo(transcript.At, "yyyy-MM-dd HH:mm:ss")} {Zone}");
        var refused = page.Page.GetByTestId("refused-row");
        await Assertions.Expect(refused).ToContainTextAsync(InTokyo(refusedAt, "yyyy-MM-dd HH:mm"));
        await Assertions.Expect(page.Page.GetByTestId("refused")).ToContainTextAsync($"Last seen ({Zone})");
    }
}
