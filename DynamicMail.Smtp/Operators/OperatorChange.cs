namespace DynamicMail.Smtp.Operators;

/// <summary>The outcome of changing an operator account.</summary>
public enum OperatorChange
{
    Done,
    NotFound,
    WrongPassword,
    PasswordTooShort,

    /// <summary>An operator may not disable or remove their own account.</summary>
    Self,

    /// <summary>The change would leave no operator who can log in.</summary>
    LastOperator,
}
