using System.Net;
using DynamicMail.Smtp.Domains;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.E2E;

/// <summary>The ways a customer's sessions of xyz.com are taken back, each through the real service.</summary>
public static class Revoke
{
    public static readonly TheoryData<string> Ways = ["logout", "password", "recreate", "everywhere", "disable", "username"];

    /// <summary>An HTTP client that sends exactly <paramref name="cookieHeader"/> and keeps nothing it is sent.</summary>
    public static HttpClient WithCookie(string baseUrl, string cookieHeader)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    public static async Task SessionsOfXyzAsync(string how, WebAppHost app, string cookieHeader)
    {
        var admin = app.Services.GetRequiredService<DomainAdmin>();
        var current = app.Services.GetRequiredService<IDomainDirectory>().FindByName("xyz.com")!;
        var result = how switch
        {
            "logout" => await LogoutAsync(app, cookieHeader),
            "password" => await admin.ResetPasswordAsync("xyz.com", "another-password", "test"),
            "everywhere" => await admin.LogOutEverywhereAsync("xyz.com", "test"),
            "disable" => await admin.UpdateAsync("xyz.com", Input(current, i => i.Disabled = true), "test"),
            "username" => await admin.UpdateAsync("xyz.com", Input(current, i => i.Username = "newadmin"), "test"),
            "recreate" => await RecreateAsync(admin, current),
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
        Assert.True(result.Ok, result.Message);
    }

    private static async Task<DomainResult> LogoutAsync(WebAppHost app, string cookieHeader)
    {
        using var client = WithCookie(app.BaseUrl, cookieHeader);
        using var response = await client.PostAsync("/mailserver/xyz/logout", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return DomainResult.Done(null);
    }

    /// <summary>Deleted and created again with the same name, username and password: another customer's domain.</summary>
    private static async Task<DomainResult> RecreateAsync(DomainAdmin admin, CustomerDomain current)
    {
        var deleted = await admin.DeleteAsync("xyz.com", returnQueued: true, "test");
        Assert.True(deleted.Ok, deleted.Message);
        return await admin.CreateAsync(Input(current, i => i.Password = "xyz-password"), "test");
    }

    private static DomainInput Input(CustomerDomain current, Action<DomainInput> change)
    {
        var input = DomainInput.From(current);
        change(input);
        return input;
    }
}
