"""Personal data held by the quality cycle (see ``stemnet.privacy``): who decided on a
training in review, who opened a yearly review and who recorded an evaluation. The records
themselves stay (they are the centre's, not the person's); erasing unlinks the person."""

from stemnet import privacy

from .models import ExternalEvaluation, TrainingReview, YearlyReview


def export_quality(user) -> dict:
    return {
        "training_reviews": [
            {
                "training": r.training.code,
                "decision": r.decision,
                "remarks": r.remarks,
                "decided_at": r.decided_at.isoformat(),
            }
            for r in TrainingReview.objects.filter(reviewer=user).select_related("training")
        ],
        "yearly_reviews_opened": [
            {"centre": r.centre.code, "year": r.year}
            for r in YearlyReview.objects.filter(opened_by=user).select_related("centre")
        ],
        "evaluations_recorded": list(
            ExternalEvaluation.objects.filter(recorded_by=user).values_list("title", flat=True)
        ),
    }


def erase_quality(user) -> None:
    """The decisions stay for the centre's history, without the reviewer's name."""
    TrainingReview.objects.filter(reviewer=user).update(reviewer=None, reviewer_name="")
    YearlyReview.objects.filter(opened_by=user).update(opened_by=None)
    ExternalEvaluation.objects.filter(recorded_by=user).update(recorded_by=None)


privacy.register(
    "quality_records",
    description="Decisions the person took as a member of the scientific committee, yearly "
    "reviews they opened and evaluations they recorded.",
    export=export_quality,
    erase=erase_quality,
    models=["quality.TrainingReview", "quality.YearlyReview", "quality.ExternalEvaluation"],
)
