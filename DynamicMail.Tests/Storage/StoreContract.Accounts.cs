using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Tests.Storage;

/// <summary>Domains, operators, API keys and the audit log: kept, found, changed with their audit entries.</summary>
public abstract partial class StoreContract
{
    [Fact]
    public async Task Domains_AddFindUpdateDelete_AndSurviveAReopen()
    {
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "XYZ.com.", Username = "xyzadmin" }, "xyz-password"));
        Assert.False(await Domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "other" }, "other-password"));
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "abc.org", Username = "abcadmin" }, "abc-password"));

        var changed = Domains.FindByName("xyz.com")!;
        var stamp = changed.SecurityStamp;
        changed.DeliveryPort = 2525;
        Assert.Equal(DomainWrite.Done, await Domains.UpdateAsync(changed));
        Assert.Equal(DomainWrite.SlugTaken, await Domains.UpdateAsync(new CustomerDomain { Name = "abc.org", Slug = "xyz", Username = "abcadmin" }));
        Assert.True(await Domains.SetPasswordAsync("xyz.com", "new-password"));
        await ReopenAsync();

        var found = Domains.FindBySlugOrName("xyz");
        Assert.Equal(("xyz.com", 2525), (found!.Name, found.DeliveryPort));
        Assert.NotEqual(stamp, found.SecurityStamp);
        Assert.NotNull(Domains.Authenticate("xyz", "xyzadmin", "new-password"));
        Assert.Null(Domains.Authenticate("xyz", "xyzadmin", "xyz-password"));
        Assert.True(await Domains.DeleteAsync("abc.org"));
        Assert.Equal(["xyz.com"], Domains.All().Select(d => d.Name));
    }

    [Fact]
    public async Task Operators_AddedAuthenticatedAndChanged_WithAuditEntries_NeverLeavingNone()
    {
        Assert.True(await Operators.TryAddAsync("Admin", "admin-password", createdBy: null));
        Assert.False(await Operators.TryAddAsync("admin", "other-password", createdBy: null));
        Assert.True(await Operators.TryAddAsync("second", "second-password", createdBy: "admin"));

        Assert.Equal("admin", (await Operators.AuthenticateAsync("ADMIN", "admin-password", Ct))!.Username);
        Assert.Null(await Operators.AuthenticateAsync("admin", "wrong-password", Ct));
        var stamp = (await Operators.FindAsync("admin", Ct))!.SecurityStamp;
        Assert.True(await Operators.RenewStampAsync("admin"));
        Assert.NotEqual(stamp, (await Operators.FindAsync("admin", Ct))!.SecurityStamp);

        Assert.Equal(OperatorChange.Done, await Accounts.SetDisabledAsync("second", true, "admin"));
        Assert.Null(await Operators.AuthenticateAsync("second", "second-password", Ct));
        Assert.Equal(OperatorChange.LastOperator, await Accounts.RemoveAsync("admin", "second"));
        Assert.Equal(OperatorChange.Done, await Accounts.RemoveAsync("second", "admin"));

        Assert.Equal(["admin"], (await Operators.AllAsync(Ct)).Select(o => o.Username));
        Assert.Equal(["operator.remove", "operator.disable", "operator.create", "operator.create"],
            (await Audit.RecentAsync(10, null, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task ApiKeys_VerifyUntilRevoked_WithAuditEntries()
    {
        var (key, secret) = await Keys.CreateAsync("deploy", "admin");

        Assert.Equal(key.Id, (await Keys.VerifyAsync(secret, Ct))!.Id);
        Assert.Null(await Keys.VerifyAsync(secret + "x", Ct));
        Assert.True(await Keys.RevokeAsync(key.Id, "admin"));
        Assert.False(await Keys.RevokeAsync(key.Id, "admin"));

        Assert.Null(await Keys.VerifyAsync(secret, Ct));
        Assert.False(Assert.Single(await Keys.AllAsync(Ct)).Active);
        Assert.Equal(["apikey.revoke", "apikey.create"], (await Audit.RecentAsync(10, null, Ct)).Select(e => e.Action));
    }

    [Fact]
    public async Task Audit_NewestFirst_SearchedInEveryField()
    {
        await Audit.RecordAsync("alice", "domain.create", "xyz.com", "slug xyz");
        Time.Advance(TimeSpan.FromSeconds(1));
        await Audit.RecordAsync("bob", "domain.delete", "abc.org");

        var recent = await Audit.RecentAsync(10, null, Ct);

        Assert.Equal(["bob", "alice"], recent.Select(e => e.Operator));
        Assert.Equal(Now, recent[0].At);
        Assert.Equal(["alice"], (await Audit.RecentAsync(10, "SLUG", Ct)).Select(e => e.Operator));
        Assert.Single(await Audit.RecentAsync(1, null, Ct));
    }

    [Fact]
    public async Task Activity_AddsUpPerMinute_AndKeepsTheLastConnection()
    {
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "xyz.com", Username = "xyzadmin" }, "xyz-password"));
        var minute = Now.Ticks / TimeSpan.TicksPerMinute;
        await Activity.SaveAsync(new Dictionary<string, DateTime> { ["XYZ.com"] = Now, ["gone.example"] = Now }, new Dictionary<long, (int, int)> { [minute] = (2, 1) }, Now);
        await Activity.SaveAsync(new Dictionary<string, DateTime>(), new Dictionary<long, (int, int)> { [minute] = (1, 3) }, Now);

        var minutes = await Activity.MinutesAsync(Now.AddHours(-1), Ct);

        Assert.Equal([(Now.AddSeconds(-Now.Second), 3, 4)], minutes.Select(m => (m.Minute, m.Accepted, m.Delivered)));
        Assert.Equal(Now, (await Activity.LastConnectedAsync(Ct))["xyz.com"]);
        Assert.False((await Activity.LastConnectedAsync(Ct)).ContainsKey("gone.example")); // no such domain (any more)
    }
}
