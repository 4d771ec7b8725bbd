using DynamicMail.Smtp.Domains;
using DynamicMail.Smtp.Operators;

namespace DynamicMail.Tests.Storage;

/// <summary>#19: a domain change and its audit entry commit together; a refused change writes neither.</summary>
public abstract partial class StoreContract
{
    private AuditEntry Entry(string action, string target) => new(Now, "op", action, target, null);

    [Fact]
    public async Task DomainChanges_StoreTheirAuditEntryWithThem_RefusedOnesWriteNone()
    {
        Assert.True(await Domains.TryAddAsync(new CustomerDomain { Name = "audit.example", Username = "u" }, "password-1", Entry("domain.create", "audit.example")));
        Assert.False(await Domains.TryAddAsync(new CustomerDomain { Name = "audit.example", Username = "u" }, "password-1", Entry("domain.create", "twice")));
        Assert.True(await Domains.SetPasswordAsync("audit.example", "password-2", Entry("domain.password", "audit.example")));
        Assert.False(await Domains.SetPasswordAsync("missing.example", "password-2", Entry("domain.password", "missing.example")));
        var hold = new DomainHold { Reason = "move", Until = Now.AddDays(1), By = "op", SetAt = Now };
        Assert.NotNull(await Domains.SetHoldAsync("audit.example", hold, audit: Entry("domain.hold", "audit.example")));
        Assert.Null(await Domains.SetHoldAsync("audit.example", null, h => h is null, Entry("domain.hold-ended", "not while held")));
        Assert.True(await Domains.DeleteAsync("audit.example", Entry("domain.delete", "audit.example")));
        Assert.False(await Domains.DeleteAsync("audit.example", Entry("domain.delete", "deleted twice")));

        var written = (await Audit.RecentAsync(20, null, Ct)).Select(a => $"{a.Action} {a.Target}").Reverse().ToList();

        Assert.Equal(["domain.create audit.example", "domain.password audit.example", "domain.hold audit.example", "domain.delete audit.example"], written);
    }
}
