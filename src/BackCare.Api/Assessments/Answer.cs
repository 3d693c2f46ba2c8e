using System.ComponentModel;

namespace BackCare.Api.Assessments;

/// <summary>A person's answer to a yes/no question. Ordered so that a rule can ask "at least unsure".</summary>
[Description("A person's answer to a yes/no question. `unsure` is a real answer: a rule over it fires with its gradeIfUnsure, so an app never has to force a yes or a no.")]
public enum Answer
{
    No,
    Unsure,
    Yes,
}

/// <summary>Answer comparisons for rule expressions, which cannot order enums themselves.</summary>
public static class Answered
{
    /// <summary>True when the answer is at least as strong as the level asked: yes ≥ unsure ≥ no; an omitted answer counts as no.</summary>
    public static bool AtLeast(Answer? answer, Answer level) => (answer ?? Answer.No) >= level;
}
