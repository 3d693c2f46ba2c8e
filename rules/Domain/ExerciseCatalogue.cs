namespace BackCare.Domain;

/// <summary>The four exercises of the source article, built once. Every sentence is verbatim from the article.</summary>
public sealed class ExerciseCatalogue
{
    public const string SupineLumbarRotation = "supine-lumbar-rotation";
    public const string ThoracicExtensionFoamRoller = "thoracic-extension-foam-roller";
    public const string SeatedThoracicTwist = "seated-thoracic-twist";
    public const string DoubleKneeToChest = "double-knee-to-chest";

    /// <summary>The general technique rules of "Techniques for Self-Adjustment", shared by every exercise.</summary>
    public static readonly IReadOnlyList<string> Technique =
    [
        "Attempting to self-adjust the back requires slow, controlled movements that use body positioning and gravity to facilitate the release rather than relying on sudden, forceful motions.",
        "The goal is to gently mobilize the joints to encourage a natural cavitation without straining surrounding muscles or ligaments.",
        "These techniques should always be performed within a comfortable range of motion, stopping immediately if any sharp pain occurs.",
        "Any movement that causes a sharp, sudden, or shooting pain must be stopped immediately.",
    ];

    public static readonly ExerciseCatalogue Default = new(
    [
        new Exercise(
            SupineLumbarRotation,
            "Supine lumbar rotation (\"corkscrew\")",
            Region.Lumbar,
            Movement.Rotation,
            "This rotational movement aims to create mild distraction in the lumbar facet joints, which can sometimes result in a gentle release.",
            "None: lie on the floor.",
            [
                "Begin by lying flat on your back, extending your arms out to the sides in a ‘T’ shape to anchor your upper body.",
                "Bend one knee and cross that foot over the opposite straight leg, placing the foot flat on the floor.",
                "Use your core muscles to gently guide the bent knee across the midline of your body toward the floor on the opposite side.",
                "Keep your shoulders flat on the floor, allowing the lower spine to rotate naturally.",
                "Hold the stretch for 15 to 30 seconds, then slowly return to the center and repeat on the other side.",
            ],
            new HoldTime(15, 30),
            RepeatOnEachSide: true,
            [
                "Use your core muscles to gently guide the bent knee",
                "Conditions like known disc issues, including herniated or bulging discs, can be worsened by the rotational or compressive forces involved in self-adjustment.",
            ],
            Technique,
            "Supine Lumbar Rotation"),
        new Exercise(
            ThoracicExtensionFoamRoller,
            "Thoracic extension over a foam roller",
            Region.Thoracic,
            Movement.Extension,
            "The mid-back, or thoracic spine, often benefits from an extension movement, which can be safely performed using a foam roller or a tightly rolled towel.",
            "A foam roller or a tightly rolled towel.",
            [
                "Lie on your back with the foam roller positioned horizontally beneath your shoulder blades.",
                "Place your hands behind your head to cradle your neck, keeping your elbows pointed toward the ceiling.",
                "Lift your hips slightly to reduce pressure and slowly roll up and down the thoracic spine, moving the roller a few inches at a time.",
                "Alternatively, stop at a tight spot, let your hips drop back to the floor, and gently arch your upper back over the roller.",
            ],
            Hold: null,
            RepeatOnEachSide: false,
            [
                "Place your hands behind your head to cradle your neck",
                "Maintain a stable neck position and avoid rolling onto your lower back, as the lumbar spine is not designed for this type of extension.",
            ],
            Technique,
            "Thoracic Extension Over a Foam Roller"),
        new Exercise(
            SeatedThoracicTwist,
            "Seated thoracic twist",
            Region.Thoracic,
            Movement.Rotation,
            "This exercise focuses on mobilizing the small facet joints in the thoracic spine.",
            "A sturdy chair.",
            [
                "Sit on a sturdy chair with your feet flat on the floor and your back straight.",
                "Place your right hand on the outside of your left knee and your left hand on the back of the chair for support.",
                "Gently rotate your torso toward the left, using your hands to deepen the stretch without pulling or forcing the movement.",
                "Turn your head to look over your left shoulder, breathing slowly to relax into the position for about 10 to 15 seconds.",
                "Slowly unwind the rotation and then switch the position of your hands and legs to perform the twist on the opposite side.",
            ],
            new HoldTime(10, 15),
            RepeatOnEachSide: true,
            [
                "Sit on a sturdy chair",
                "without pulling or forcing the movement",
                "Conditions like known disc issues, including herniated or bulging discs, can be worsened by the rotational or compressive forces involved in self-adjustment.",
            ],
            Technique,
            "Seated Thoracic Twist"),
        new Exercise(
            DoubleKneeToChest,
            "Double knee-to-chest stretch",
            Region.Lumbar,
            Movement.Flexion,
            "The double knee-to-chest stretch is a simple, low-impact technique that can create traction in the lumbar spine, sometimes resulting in a release.",
            "None: a comfortable surface.",
            [
                "Begin by lying flat on your back on a comfortable surface.",
                "Slowly bring both knees up toward your chest, using your hands to gently pull them closer.",
                "You should feel a mild, comfortable stretch across your lower back and glutes.",
                "Hold this position for 30 seconds, focusing on relaxing your back muscles and breathing deeply.",
            ],
            new HoldTime(30, 30),
            RepeatOnEachSide: false,
            [
                "using your hands to gently pull them closer",
                "You should feel a mild, comfortable stretch across your lower back and glutes.",
            ],
            Technique,
            "Double Knee-to-Chest Stretch"),
    ]);

    private readonly Dictionary<string, Exercise> _byId;

    public ExerciseCatalogue(IReadOnlyList<Exercise> exercises)
    {
        All = exercises;
        _byId = exercises.ToDictionary(e => e.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Exercise> All { get; }

    public Exercise? Find(string id) => _byId.GetValueOrDefault(id);

    public IEnumerable<Exercise> Filter(Region? region, Movement? movement) =>
        All.Where(e => (region is null || e.Region == region) && (movement is null || e.Movement == movement));
}
