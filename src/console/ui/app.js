// Console app
