using System.ComponentModel;

namespace BackCare.Domain;

/// <summary>How urgently a person needs care, least severe first so that a larger value is more severe.</summary>
[Description("How urgently the person needs care, most severe first: `emergency` (call emergency services or go to an emergency department now), " +
             "`urgent` (get medical attention promptly), `consult` (see a physical therapist, chiropractor or doctor; do not self-adjust meanwhile), " +
             "`avoid_self_adjustment` (do not self-adjust), `caution` (gentle self-mobilisation within the limits given), `self_care` (nothing fired).")]
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
[Description("What a rule guards against: `red_flag` (a sign that needs medical care), `contraindication` (a reason not to self-adjust) or `caution` (a limit on how to self-adjust).")]
public enum RuleKind
{
    RedFlag,
    Contraindication,
    Caution,
}

/// <summary>Whether a finding rests on a "yes" or a met threshold (reported) or only on an "unsure" answer.</summary>
[Description("`reported` when the finding rests on a yes or a met threshold; `unsure` when it rests only on an unsure answer.")]
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
