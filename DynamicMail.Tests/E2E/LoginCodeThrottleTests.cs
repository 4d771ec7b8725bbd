using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace DynamicMail.Tests.E2E;

/// <summary>Login codes are guessed no easier than passwords: five wrong codes lock the code step, even for a known browser.</summary>
[Collection(nameof(E2ECollection))]
public sealed class LoginCodeThrottleTests : BrowserTest
{
    private const string Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    private static async Task<string> PostCodeAsync(HttpClient client, string code)
    {
        using var response = await FormLogin.PostFormAsync(client, "/admin/login/code", "/admin/auth/code", new() { ["code"] = code });
        return response.Headers.Location?.ToString() ?? $"status {(int)response.StatusCode}";
    }

    [Fact]
    public async Task FiveWrongCodes_LockTheCodeStep_EvenTheRightCodeIsRefused()
    {
        var accounts = App.Services.GetRequiredService<IOperatorAccounts>();
        Assert.Equal(OperatorChange.Done, await accounts.SetTotpAsync(EngineHost.OperatorName, Key, "test"));
        using var client = FormLogin.NewClient(App.BaseUrl);
        using (var password = await FormLogin.OperatorAsync(client, EngineHost.OperatorName, EngineHost.OperatorPassword))
        {
            Assert.Equal("/admin/login/code", password.Headers.Location?.ToString());
        }
        var totp = new Totp(Base32Encoding.ToBytes(Key));
        var right = totp.ComputeTotp(DateTime.UtcNow);
        // Not a code of the steps around now either (one step of delay is accepted either way).
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(s => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(s))).ToHashSet();
        var wrong = Enumerable.Range(0, 100).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Where(c => !valid.Contains(c)).Take(5);

        foreach (var code in wrong)
        {
            Assert.Equal("/admin/login/code?error=1", await PostCodeAsync(client, code));
        }

        Assert.Equal("/admin/login/code?error=3", await PostCodeAsync(client, right));
    }
}
