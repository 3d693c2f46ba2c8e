using System.ComponentModel;

namespace BackCare.Domain;

/// <summary>A person's answer to a yes/no question. Ordered so that a rule can take the strongest of several.</summary>
[Description("A person's answer to a yes/no question. `unsure` is a real answer: a rule over it fires with its gradeIfUnsure, so an app never has to force a yes or a no.")]
public enum Answer
{
    No,
    Unsure,
    Yes,
}

/// <summary>What the rules read from answers: the strongest of the answers a criterion rests on.</summary>
public static class Answers
{
    /// <summary>Yes over unsure over no. An omitted optional answer counts as no, as the contract says.</summary>
    public static Answer Strongest(Answer? a) => a ?? Answer.No;

    /// <summary>Yes over unsure over no, of two answers.</summary>
    public static Answer Strongest(Answer? a, Answer? b) => (Answer)Math.Max((int)(a ?? Answer.No), (int)(b ?? Answer.No));

    /// <summary>A threshold met is a yes; a threshold not met, or a number not given, is a no.</summary>
    public static Answer YesIf(bool met) => met ? Answer.Yes : Answer.No;
}
