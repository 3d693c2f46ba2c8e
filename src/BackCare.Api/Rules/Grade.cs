namespace BackCare.Api.Rules;

/// <summary>How urgently a person needs care, least severe first so that a larger value is more severe.</summary>
public enum Grade
{
    SelfCare,
    Caution,
    AvoidSelfAdjustment,
    Consult,
    Urgent,
    Emergency,
}

/// <summary>What a rule guards against.</summary>
public enum RuleKind
{
    RedFlag,
    Contraindication,
    Caution,
}

/// <summary>Whether a finding rests on a "yes" or a met threshold (reported) or only on an "unsure" answer.</summary>
public enum Certainty
{
    Reported,
    Unsure,
}

public static class GradeExtensions
{
    /// <summary>Self-adjustment is advised only when nothing graver than a caution fired.</summary>
    public static bool AdvisesSelfAdjustment(this Grade grade) => grade <= Grade.Caution;
}
