using System.Net;
using System.Security.Cryptography;
using System.Text;
using DynamicMail.Smtp.Odmr;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Odmr;

/// <summary>Issue #16: every reply of the ODMR door before the turn, over a real socket.</summary>
public sealed class OdmrProtocolTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly WebAppHost _web;

    public OdmrProtocolTests() => _web = new WebAppHost(_dir.Path, deliveryPort: 9);

    public void Dispose()
    {
        _web.Dispose();
        _dir.Dispose();
    }

    private IPEndPoint Odmr => _web.Services.GetRequiredService<OdmrListener>().Bound.GetAwaiter().GetResult();

    private async Task<SmtpDialogue> ConnectAsync()
    {
        var odmr = await SmtpDialogue.ConnectAsync(Odmr);
        Assert.StartsWith("220 mx.test ", odmr.Greeting);
        return odmr;
    }

    /// <summary>CRAM-MD5 with <paramref name="password"/>; returns the final reply.</summary>
    private static async Task<string> CramMd5Async(SmtpDialogue odmr, string user, string password)
    {
        var challenge = await odmr.SendAsync("AUTH CRAM-MD5");
        Assert.StartsWith("334 ", challenge);
        var text = Encoding.ASCII.GetString(Convert.FromBase64String(challenge[4..]));
#pragma warning disable CA5351 // CRAM-MD5 is MD5 by definition
        var digest = Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(password), Encoding.ASCII.GetBytes(text)));
#pragma warning restore CA5351
        return await odmr.SendAsync(Convert.ToBase64String(Encoding.ASCII.GetBytes($"{user} {digest}")));
    }

    private async Task QueueAsync(string recipient)
    {
        await using var smtp = await SmtpDialogue.ConnectAsync(_web.Smtp);
        await smtp.SendAsync("EHLO sender.example");
        Assert.StartsWith("250", await smtp.SendMessageAsync("alice@sender.example", [recipient], "Subject: odmr\r\n\r\nhi"));
    }

    [Fact]
    public async Task Ehlo_OffersCramMd5_Atrn_AndStartTls_NotPlainInClear()
    {
        await using var odmr = await ConnectAsync();

        var ehlo = await odmr.SendAsync("EHLO client.example");

        Assert.Contains("250-AUTH CRAM-MD5\n", ehlo + "\n");
        Assert.Contains("ATRN", ehlo);
        Assert.Contains("STARTTLS", ehlo);
        Assert.DoesNotContain("PLAIN", ehlo);
        Assert.StartsWith("502 5.5.1", await odmr.SendAsync("MAIL FROM:<a@b.example>"));
        Assert.StartsWith("538 5.7.11", await odmr.SendAsync("AUTH PLAIN AHh5emFkbWluAHh5ei1wYXNzd29yZA=="));
    }

    [Fact]
    public async Task Atrn_BeforeAuth_Is530_WrongSecret_Is535_RightOne_Is235()
    {
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");

        Assert.StartsWith("530 5.7.0", await odmr.SendAsync("ATRN"));
        Assert.StartsWith("535 5.7.8", await CramMd5Async(odmr, "xyzadmin", "wrong-password"));
        Assert.StartsWith("235 2.7.0", await CramMd5Async(odmr, "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task Atrn_ForAForeignDomain_Is450_AndNothingQueued_Is453()
    {
        await QueueAsync("bob@abc.org");
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");
        Assert.StartsWith("235", await CramMd5Async(odmr, "xyzadmin", "xyz-password"));

        Assert.StartsWith("450 4.7.0", await odmr.SendAsync("ATRN xyz.com,abc.org"));
        Assert.StartsWith("450 4.7.0", await odmr.SendAsync("ATRN abc.org"));
        Assert.StartsWith("453 4.7.0", await odmr.SendAsync("ATRN xyz.com"));
        Assert.StartsWith("453 4.7.0", await odmr.SendAsync("ATRN"));
    }

    [Fact]
    public async Task AuthCancelled_OrGarbage_Is501_AndTheSessionGoesOn()
    {
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");
        Assert.StartsWith("334", await odmr.SendAsync("AUTH CRAM-MD5"));
        Assert.StartsWith("501", await odmr.SendAsync("*"));
        Assert.StartsWith("334", await odmr.SendAsync("AUTH CRAM-MD5"));
        Assert.StartsWith("501", await odmr.SendAsync("!!!not base64!!!"));
        Assert.StartsWith("504 5.5.4", await odmr.SendAsync("AUTH GSSAPI"));
        Assert.StartsWith("250", await odmr.SendAsync("NOOP"));
    }

    [Fact]
    public async Task InsideTls_PlainWorks_AndPipelinedCleartextIsDiscarded()
    {
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");

        await odmr.WriteAsync("STARTTLS\r\nAUTH PLAIN AHh5emFkbWluAHh5ei1wYXNzd29yZA==\r\n");
        Assert.StartsWith("220", await odmr.ReadReplyAsync());
        await odmr.StartTlsAsync();

        Assert.StartsWith("530 5.7.0", await odmr.SendAsync("ATRN"));
        var ehlo = await odmr.SendAsync("EHLO client.example");
        Assert.Contains("AUTH CRAM-MD5 PLAIN LOGIN", ehlo);
        Assert.DoesNotContain("STARTTLS", ehlo);
        Assert.StartsWith("235 2.7.0", await odmr.SendAsync("AUTH PLAIN AHh5emFkbWluAHh5ei1wYXNzd29yZA=="));
    }

    [Fact]
    public async Task EndlessLine_Is500_AndTooManyErrors_Closes()
    {
        await using var odmr = await ConnectAsync();

        Assert.StartsWith("500 5.5.6", await odmr.SendAsync(new string('A', 100_000)));
        for (var i = 0; i < 8; i++) { Assert.StartsWith("502", await odmr.SendAsync("BOGUS")); }
        Assert.StartsWith("502", await odmr.SendAsync("BOGUS"));

        Assert.StartsWith("421 4.7.0", await odmr.ReadReplyAsync());
    }

    [Fact]
    public async Task DisabledDomain_CannotLogIn()
    {
        var domains = _web.Services.GetRequiredService<DynamicMail.Smtp.Domains.IDomainDirectory>();
        var xyz = domains.FindByName("xyz.com")!;
        xyz.Disabled = true;
        await domains.UpdateAsync(xyz);
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");

        Assert.StartsWith("535", await CramMd5Async(odmr, "xyzadmin", "xyz-password"));
    }

    [Fact]
    public async Task FailedAuth_CountsTowardTheLoginThrottle_SoTheRightPasswordIsRefusedAfterFive()
    {
        await using var odmr = await ConnectAsync();
        await odmr.SendAsync("EHLO client.example");
        for (var i = 0; i < 5; i++)
        {
            Assert.StartsWith("535", await CramMd5Async(odmr, "xyzadmin", "wrong-password"));
        }

        Assert.StartsWith("454 4.7.0", await CramMd5Async(odmr, "xyzadmin", "xyz-password"));
        Assert.StartsWith("235", await CramMd5Async(odmr, "abcadmin", "abc-password"));
    }
}
