"""Teaching aids: what the notebooks show and how the assignments are graded.

    stepper.py        a toy corpus trained one SGD step at a time (notebook 9); widgets.py its controls
    plots.py          the notebooks' figures
    analysis.py       PCA, co-occurrence counts and PMI
    toyworld.py       the generator of the bundled corpus word2vec_np/data/small.txt
    exercises.py      the lesson notebooks' check cells
    answers.py        the rule that blanks the exercises' answers (the release) and fills them back in (the tests)
    grading/          the assignments' grader: check(...) in a notebook, python -m word2vec_np.grade for a class
"""
