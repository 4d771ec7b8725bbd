using System.Net;
using System.Net.Http;
using DynamicMail.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Web;

/// <summary>
/// Issue #15: UseExceptionHandler("/error") leads to a real page. In Production an unhandled exception shows it with
/// status 500 and a reference, never the exception's message or stack trace.
/// </summary>
public sealed class ErrorPageTests : IDisposable
{
    private const string Secret = "secret-detail-of-the-failure";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task UnhandledException_InProduction_ShowsTheErrorPage_WithoutDetails()
    {
        await using var web = new WebAppHost(_dir.Path, deliveryPort: 25,
            extra: new Dictionary<string, string?> { ["environment"] = "Production" },
            configure: s => s.AddSingleton<IStartupFilter, ThrowingRoute>());
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        using var response = await http.GetAsync("/test/throw", TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"error-reference\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorPage_AskedForDirectly_IsThePlainPage()
    {
        await using var web = new WebAppHost(_dir.Path, deliveryPort: 25, extra: new Dictionary<string, string?> { ["environment"] = "Production" });
        using var http = new HttpClient { BaseAddress = new Uri(web.BaseUrl) };

        var body = await http.GetStringAsync("/error", TestContext.Current.CancellationToken);

        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
    }

    /// <summary>A route at the end of the pipeline that throws, as a bug in any page or endpoint would.</summary>
    private sealed class ThrowingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((HttpContext context, RequestDelegate _) => context.Request.Path == "/test/throw"
                ? throw new InvalidOperationException(Secret)
                : Task.CompletedTask);
        };
    }
}
