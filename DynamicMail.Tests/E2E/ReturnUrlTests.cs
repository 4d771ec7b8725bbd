using System.Net;
using DynamicMail.Tests.TestSupport;

namespace DynamicMail.Tests.E2E;

/// <summary>After the operator login the browser goes back only to a plain console path; anything else goes to /admin, never a 500.</summary>
[Collection(nameof(E2ECollection))]
public sealed class ReturnUrlTests : BrowserTest
{
    private async Task<HttpResponseMessage> LoginAsync(string returnUrl)
    {
        using var client = FormLogin.NewClient(App.BaseUrl);
        return await FormLogin.PostFormAsync(client, "/admin/login", "/admin/auth/login", new()
        {
            ["username"] = EngineHost.OperatorName,
            ["password"] = EngineHost.OperatorPassword,
            ["returnUrl"] = returnUrl,
        });
    }

    [Theory]
    [InlineData("/admin\t/evil")]
    [InlineData("/admin\r\n/evil")]
    [InlineData("/admin\u0001")]
    [InlineData("/admin/\u007f")]
    [InlineData("//evil.example/admin")]
    [InlineData("/admin/..\\evil")]
    [InlineData("https://evil.example/admin")]
    [InlineData("/administrator")]
    public async Task UnsafeReturnUrl_RedirectsToTheDashboard(string returnUrl)
    {
        using var response = await LoginAsync(returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ConsoleReturnUrl_IsKept()
    {
        using var response = await LoginAsync("/admin/queue?domain=xyz.com");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/queue?domain=xyz.com", response.Headers.Location?.ToString());
    }
}
