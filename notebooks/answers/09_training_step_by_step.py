# The answers to the exercises of notebooks/09_training_step_by_step.ipynb: one line per blank `name = ...  # ANSWER`
# of the notebook, in the notebook's order. For teachers; not a script (the lines use the notebook's
# variables). tests/test_notebooks.py fills them in and checks that each passes its check cell.
# ruff: noqa

# Exercise 1
dh_mine = (fr.probs[0] - 1) * u_o + fr.probs[1:] @ U_neg  # ANSWER: replace with your own

# Exercise 2
columns_changed = set(fr.units.tolist())  # ANSWER: replace with your own
rows_of_W_changed = 1  # ANSWER: replace with your own
