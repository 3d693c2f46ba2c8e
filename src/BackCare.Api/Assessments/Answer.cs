namespace BackCare.Api.Assessments;

/// <summary>A person's answer to a yes/no question. Ordered so that a rule can ask "at least unsure".</summary>
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
