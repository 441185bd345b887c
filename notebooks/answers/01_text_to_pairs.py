# The answers to the exercises of notebooks/01_text_to_pairs.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
f_star = t * (3 + 5**0.5) / 2  # ANSWER: replace with your own

# Exercise 2
pairs_per_centre = 2 * (1 + 5) / 2  # ANSWER: replace with your own

# Exercise 3
boost = (counts[-1] ** 0.75 / np.sum(counts**0.75)) / (counts[-1] / counts.sum())  # ANSWER: replace with your own

# Exercise 4
dropped = {"and", "rule", "land", "a", "dog", "sleeps", "in", "palace"}  # ANSWER: replace with your own
