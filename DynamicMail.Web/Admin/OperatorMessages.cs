using DynamicMail.Smtp.Operators;

namespace DynamicMail.Web.Admin;

/// <summary>What the console says about an operator account change.</summary>
internal static class OperatorMessages
{
    public static string Of(OperatorChange change, string done) => change switch
    {
        OperatorChange.Done => done,
        OperatorChange.NotFound => "There is no such operator.",
        OperatorChange.WrongPassword => "The current password is wrong.",
        OperatorChange.PasswordTooShort => "The new password must have at least 10 characters.",
        OperatorChange.Self => "You cannot disable or remove your own account.",
        OperatorChange.LastOperator => "This is the last operator who can log in: it cannot be disabled or removed.",
        _ => change.ToString(),
    };
}
