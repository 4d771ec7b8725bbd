using Microsoft.Playwright;

namespace DynamicMail.Bench;

/// <summary>
/// The customer in headless Debian Chromium (never a downloaded browser): logs in through the real form and
/// keeps the live session page open, which is what makes the domain present.
/// </summary>
internal sealed class Customer : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly string _profile;

    private Customer(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
    }

    public static async Task<Customer> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var profile = Path.Combine(Settings.WorkDirectory, "chromium-" + Guid.NewGuid().ToString("N")[..8]);
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new Customer(playwright, context, profile);
    }

    /// <summary>Opens the login form (not timed), then fills it; returns the open page just before submitting.</summary>
    public async Task<IPage> OpenLoginAsync()
    {
        await _context.ClearCookiesAsync();
        var page = await _context.NewPageAsync();
        await page.GotoAsync($"{DynamicMailService.WebUrl}/mailserver/{DynamicMailService.Slug}");
        await page.FillAsync("#username", DynamicMailService.Username);
        await page.FillAsync("#password", DynamicMailService.Password);
        return page;
    }

    public Task<IPage> NewPageAsync() => _context.NewPageAsync();

    /// <summary>Submits the login form; the live session page then connects its circuit by itself.</summary>
    public static Task SubmitAsync(IPage page) => page.ClickAsync("button[type=submit]");

    public async ValueTask DisposeAsync()
    {
        await _context.CloseAsync();
        _playwright.Dispose();
        try { Directory.Delete(_profile, true); } catch (IOException) { }
    }
}
