using DynamicMail.Smtp.Operators;
using DynamicMail.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicMail.Tests.Operators;

/// <summary>Operator account changes on a real store: own password, disable, remove (never the last who can log in), second factor.</summary>
public sealed class OperatorAccountsTests : EngineTest
{
    private IOperatorDirectory Operators => Engine.Services.GetRequiredService<IOperatorDirectory>();
    private IOperatorAccounts Accounts => Engine.Services.GetRequiredService<IOperatorAccounts>();
    private IEnumerable<string> Audit => Engine.Services.GetRequiredService<IAuditLog>().Recent(20).Select(e => $"{e.Operator} {e.Action} {e.Target}");

    [Fact]
    public async Task ChangeOwnPassword_NeedsTheCurrentOne_AndRenewsTheStamp()
    {
        var stamp = Operators.Find(EngineHost.OperatorName)!.SecurityStamp;

        Assert.Equal(OperatorChange.WrongPassword, await Accounts.ChangePasswordAsync(EngineHost.OperatorName, "not-it-at-all", "a-new-long-password"));
        Assert.Equal(OperatorChange.PasswordTooShort, await Accounts.ChangePasswordAsync(EngineHost.OperatorName, EngineHost.OperatorPassword, "short"));
        Assert.Equal(OperatorChange.Done, await Accounts.ChangePasswordAsync(EngineHost.OperatorName, EngineHost.OperatorPassword, "a-new-long-password"));

        Assert.Null(Operators.Authenticate(EngineHost.OperatorName, EngineHost.OperatorPassword));
        Assert.NotNull(Operators.Authenticate(EngineHost.OperatorName, "a-new-long-password"));
        Assert.NotEqual(stamp, Operators.Find(EngineHost.OperatorName)!.SecurityStamp);
        Assert.Contains($"{EngineHost.OperatorName} operator.password {EngineHost.OperatorName}", Audit);
    }

    [Fact]
    public async Task DisableAndRemove_OnlyOthers_NeverTheLastActiveOperator()
    {
        await Operators.TryAddAsync("second", "second-password", EngineHost.OperatorName);

        Assert.Equal(OperatorChange.Self, await Accounts.RemoveAsync(EngineHost.OperatorName, EngineHost.OperatorName));
        Assert.Equal(OperatorChange.Self, await Accounts.SetDisabledAsync("Second", true, "second"));
        Assert.Equal(OperatorChange.Done, await Accounts.SetDisabledAsync("second", true, EngineHost.OperatorName));
        Assert.Null(Operators.Authenticate("second", "second-password"));

        // Whoever asks (an API, a race): the only active operator stays.
        Assert.Equal(OperatorChange.LastOperator, await Accounts.SetDisabledAsync(EngineHost.OperatorName, true, "second"));
        Assert.Equal(OperatorChange.LastOperator, await Accounts.RemoveAsync(EngineHost.OperatorName, "second"));
        Assert.Equal(OperatorChange.Done, await Accounts.RemoveAsync("second", EngineHost.OperatorName));
        Assert.Equal(OperatorChange.NotFound, await Accounts.RemoveAsync("second", EngineHost.OperatorName));

        Assert.Equal([EngineHost.OperatorName], Operators.All().Select(o => o.Username));
        Assert.Contains($"{EngineHost.OperatorName} operator.disable second", Audit);
        Assert.Contains($"{EngineHost.OperatorName} operator.remove second", Audit);
    }

    [Fact]
    public async Task SecondFactor_IsKeptAndRemoved_Audited()
    {
        Assert.Equal(OperatorChange.Done, await Accounts.SetTotpAsync(EngineHost.OperatorName, "JBSWY3DPEHPK3PXP", EngineHost.OperatorName));
        Assert.Equal("JBSWY3DPEHPK3PXP", Operators.Find(EngineHost.OperatorName)!.TotpKey);

        Assert.Equal(OperatorChange.Done, await Accounts.SetTotpAsync(EngineHost.OperatorName, null, EngineHost.OperatorName));

        Assert.Null(Operators.Find(EngineHost.OperatorName)!.TotpKey);
        Assert.Contains($"{EngineHost.OperatorName} operator.totp-enrol {EngineHost.OperatorName}", Audit);
        Assert.Contains($"{EngineHost.OperatorName} operator.totp-remove {EngineHost.OperatorName}", Audit);
    }
}
